import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../support/lspClient';
import { REGISTRY, TempWorkspace } from '../support/tempWorkspace';

const SOURCE = `import os
from app.core.managers.unified_configuration_manager import (
    Settings,  # the old home
    Loader as L,
)
from app.websocket_core.manager import HeartbeatConfig, WebSocketManager


def run():
    import app.agents.execution_engine_consolidated as engine
    return engine
`;

/** Diagnostic messages may be markup since LSP 3.18; ours are plain strings. */
const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

const rangeOf = (d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }) =>
  `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

describe('language server over stdio', function () {
  let ws: TempWorkspace;
  let client: TestLspClient;

  beforeEach(() => {
    // no app/ package here: the deprecated modules are not first-party, so only the registry
    // check speaks (the index's SSOT002/SSOT003 have their own tests in index.test.ts)
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'tests/test_a.py': SOURCE });
  });
  afterEach(async () => {
    await client?.stop();
    ws.dispose();
  });

  it('publishes a diagnostic on the exact span of every deprecated import when a file opens', async () => {
    client = await TestLspClient.start({ rootPath: ws.root, watchFiles: true });
    const uri = await client.open(ws.path('tests/test_a.py'), SOURCE);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(diagnostics.map(rangeOf), ['1:5-1:52', '5:39-5:54', '9:11-9:51']);
    const [moduleRule, nameRule, noReplacement] = diagnostics;
    assert.equal(moduleRule!.message, "'app.core.managers.unified_configuration_manager' is deprecated: import 'Settings', 'Loader' from 'app.core.configuration.base' — Configuration SSOT (#757)");
    assert.equal(nameRule!.message, "'app.websocket_core.manager.HeartbeatConfig' is deprecated: import 'HeartbeatConfig' from 'test_framework.ssot.orchestration_enums'");
    assert.equal(noReplacement!.message, "'app.agents.execution_engine_consolidated' is deprecated and has no replacement");
    for (const d of diagnostics) {
      assert.equal(d.code, 'SSOT001');
      assert.equal(d.source, 'ssot-imports');
      assert.deepEqual(d.tags, [DiagnosticTag.Deprecated]);
    }
    assert.deepEqual(diagnostics.map((d) => d.severity), [DiagnosticSeverity.Warning, DiagnosticSeverity.Warning, DiagnosticSeverity.Error]);
    assert.equal(moduleRule!.relatedInformation?.[0]?.location.uri, client.uri(ws.path('ssot-imports.toml')));
    assert.equal(moduleRule!.relatedInformation?.[0]?.location.range.start.line, 1, 'points at the rule\'s from = line');
    assert.deepEqual(client.registrations, ['workspace/didChangeWatchedFiles']);
  });

  it('follows incremental edits: ranges move, fixed imports disappear, new ones appear', async () => {
    client = await TestLspClient.start({ rootPath: ws.root });
    const uri = await client.open(ws.path('tests/test_a.py'), SOURCE);
    await client.diagnostics(uri, (d) => d.length === 3);

    // two blank lines on top move everything down by two
    let version = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\r\n\n' }]);
    let diagnostics = await client.diagnostics(uri, (_d, p) => p.version === version);
    assert.deepEqual(diagnostics.map(rangeOf), ['3:5-3:52', '7:39-7:54', '11:11-11:51']);

    // rewrite the module path to the canonical one, as a user would, in two keystroke-sized edits
    await client.change(uri, [{ range: { start: { line: 3, character: 5 }, end: { line: 3, character: 52 } }, text: 'app.core.configuration' }]);
    version = await client.change(uri, [{ range: { start: { line: 3, character: 27 }, end: { line: 3, character: 27 } }, text: '.base' }]);
    diagnostics = await client.diagnostics(uri, (_d, p) => p.version === version);
    assert.deepEqual(diagnostics.map(rangeOf), ['7:39-7:54', '11:11-11:51']);

    // a new deprecated import typed inside a function, unicode before it on the line
    version = await client.change(uri, [{ range: { start: { line: 13, character: 0 }, end: { line: 13, character: 0 } }, text: 'x = "é😀"; from app.agents.registry import Agent\n' }]);
    diagnostics = await client.diagnostics(uri, (_d, p) => p.version === version);
    assert.deepEqual(diagnostics.map(rangeOf), ['7:39-7:54', '11:11-11:51', '13:16-13:35']);
  });

  it('fast typing, keystrokes sent without waiting: publishes come in version order, and the last version gets those of the final text', async () => {
    client = await TestLspClient.start({ rootPath: ws.root });
    const uri = await client.open(ws.path('tests/test_a.py'), SOURCE);
    await client.diagnostics(uri, (d) => d.length === 3);
    client.reset();
    // type a deprecated import on a new last line, one character per change
    const typed = 'from app.agents.registry import Agent\n';
    const line = SOURCE.split('\n').length - 1;
    let version = 1;
    for (let i = 0; i < typed.length; i++) {
      const at = { line, character: i };
      version = await client.change(uri, [{ range: { start: at, end: at }, text: typed[i]! }]);
    }
    const last = await client.diagnostics(uri, (_d, p) => p.version === version);
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'never an older version after a newer one');
    assert.deepEqual(last.map(rangeOf), ['1:5-1:52', '5:39-5:54', '9:11-9:51', `${line}:5-${line}:24`]);

    // the same final text opened fresh gives the same diagnostics
    const fresh = await client.open(ws.path('tests/test_fresh.py'), SOURCE + typed);
    assert.deepEqual((await client.diagnostics(fresh)).map(rangeOf), last.map(rangeOf));
  });

  it('clears diagnostics when the document closes', async () => {
    client = await TestLspClient.start({ rootPath: ws.root });
    const uri = await client.open(ws.path('tests/test_a.py'), SOURCE);
    await client.diagnostics(uri, (d) => d.length === 3);
    await client.close(uri);
    await client.diagnostics(uri, (d) => d.length === 0);
    // and nothing is published for it afterwards (e.g. by a check that was still in flight)
    client.reset();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(client.published.filter((p) => p.uri === uri && p.diagnostics.length > 0), []);
  });

  it('finds the import tree-sitter can only recover from an ERROR node', async () => {
    client = await TestLspClient.start({ rootPath: ws.root });
    const text = 'def f():\n    from app.core.managers.unified_configuration_manager import (\nSettings,\n  Loader,\n)\n    return Settings\n';
    const uri = await client.open(ws.path('tests/test_b.py'), text);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(diagnostics.map(rangeOf), ['1:9-1:56']);
  });

  it('reloads the registry when the client reports it changed', async () => {
    client = await TestLspClient.start({ rootPath: ws.root, watchFiles: true });
    const uri = await client.open(ws.path('tests/test_a.py'), SOURCE);
    await client.diagnostics(uri, (d) => d.length === 3);
    writeFileSync(ws.path('ssot-imports.toml'), '[[rule]]\nfrom = "os"\nto = "pathlib"\n');
    await client.fileChanged(ws.path('ssot-imports.toml'));
    const diagnostics = await client.diagnostics(uri, (d) => d.length === 1);
    assert.equal(diagnostics[0]!.message, "'os' is deprecated: import 'pathlib'");
  });

  it('watches the registry itself for clients that cannot watch files', async () => {
    client = await TestLspClient.start({ rootPath: ws.root, watchFiles: false });
    const uri = await client.open(ws.path('tests/test_a.py'), SOURCE);
    await client.diagnostics(uri, (d) => d.length === 3);
    writeFileSync(ws.path('ssot-imports.toml'), '[[rule]]\nfrom = "os"\nto = "pathlib"\n');
    const diagnostics = await client.diagnostics(uri, (d) => d.length === 1);
    assert.equal(diagnostics[0]!.range.start.line, 0);
  });

  for (const watchFiles of [true, false]) {
    it(`reads a markdown registry and reloads when it changes (${watchFiles ? 'client watches files' : 'server watches itself'})`, async () => {
      const markdown = (marker: string) => `# Imports\n\n\`\`\`python\nimport os  # ${marker}\n# USE INSTEAD: import pathlib\n\`\`\`\n`;
      ws.write({ 'ssot-imports.toml': '[registry]\nmarkdown = ["docs/REGISTRY.md"]\n', 'docs/REGISTRY.md': markdown('✅ CANONICAL') });
      client = await TestLspClient.start({ rootPath: ws.root, watchFiles });
      const uri = await client.open(ws.path('tests/test_a.py'), SOURCE);
      await client.diagnostics(uri, (d, p) => p.version === 1 && d.length === 0);
      writeFileSync(ws.path('docs/REGISTRY.md'), markdown('❌ DEPRECATED'));
      if (watchFiles) await client.fileChanged(ws.path('docs/REGISTRY.md'));
      const diagnostic = (await client.diagnostics(uri, (d) => d.length === 1))[0]!;
      assert.equal(diagnostic.message, "'os' is deprecated: import 'pathlib'");
      assert.equal(diagnostic.relatedInformation?.[0]?.location.uri, client.uri(ws.path('docs/REGISTRY.md')));
      assert.equal(diagnostic.relatedInformation[0].location.range.start.line, 3);
    });
  }

  it('reports a broken registry in the registry file, names the line, and checks nothing until fixed', async () => {
    client = await TestLspClient.start({ rootPath: ws.root, watchFiles: true });
    const uri = await client.open(ws.path('tests/test_a.py'), SOURCE);
    await client.diagnostics(uri, (d) => d.length === 3);
    writeFileSync(ws.path('ssot-imports.toml'), '[[rule]]\nfrom = "a.b"\nto = "c.d"\n\n[[rule]]\nform = "x.y"\n');
    await client.fileChanged(ws.path('ssot-imports.toml'));
    const registryDiagnostics = await client.diagnostics(client.uri(ws.path('ssot-imports.toml')));
    assert.equal(registryDiagnostics.length, 2);
    assert.match(messageOf(registryDiagnostics[0]!), /unknown key 'form' in rule; did you mean 'from'\?/);
    assert.equal(registryDiagnostics[0]!.range.start.line, 5);
    assert.match(messageOf(registryDiagnostics[1]!), /rule has no 'from'/);
    assert.deepEqual(await client.diagnostics(uri, (d) => d.length === 0), []);
    assert.ok(client.messages.some((m) => m.includes('the registry has 2 problem(s)')), client.messages.join('\n'));

    // fixing it clears the registry diagnostics and brings the findings back
    writeFileSync(ws.path('ssot-imports.toml'), REGISTRY);
    await client.fileChanged(ws.path('ssot-imports.toml'));
    assert.deepEqual(await client.diagnostics(client.uri(ws.path('ssot-imports.toml')), (d) => d.length === 0), []);
    await client.diagnostics(uri, (d) => d.length === 3);
  });

  it('applies the severity override and the enable switch from workspace/configuration', async () => {
    client = await TestLspClient.start({ rootPath: ws.root, settings: { enable: true, severity: 'hint', sourceRoots: [] } });
    const uri = await client.open(ws.path('tests/test_a.py'), SOURCE);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(diagnostics.map((d) => d.severity), [DiagnosticSeverity.Hint, DiagnosticSeverity.Hint, DiagnosticSeverity.Hint]);
    await client.stop();

    client = await TestLspClient.start({ rootPath: ws.root, settings: { enable: false } });
    const uri2 = await client.open(ws.path('tests/test_a.py'), SOURCE);
    assert.deepEqual(await client.diagnostics(uri2), []);
  });

  it('reads the registry from pyproject.toml and resolves relative imports from pytest pythonpath roots', async () => {
    ws.dispose();
    ws = new TempWorkspace({
      'pyproject.toml': `[tool.pytest.ini_options]\npythonpath = ["lib"]\n\n[[tool.ssot-imports.rule]]\nfrom = "app.agents.registry.*"\nto = "app.agents.supervisor.registry.*"\n`,
      'lib/app/__init__.py': '',
      'lib/app/agents/__init__.py': '',
    });
    client = await TestLspClient.start({ rootPath: ws.root });
    const uri = await client.open(ws.path('lib/app/agents/runner.py'), 'from .registry.base import Agent\nfrom . import registry\n');
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(diagnostics.map(rangeOf), ['0:5-0:19', '1:14-1:22']);
    assert.equal(diagnostics[0]!.message, "'app.agents.registry.base' is deprecated: import 'Agent' from 'app.agents.supervisor.registry.base'");
  });

  it('shuts down cleanly on shutdown/exit', async () => {
    client = await TestLspClient.start({ rootPath: ws.root });
    await client.stop();
    assert.equal(client.exitCode, 0);
  });
});
