import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, type CodeAction, type Diagnostic, type TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../support/lspClient';
import { REGISTRY, TempWorkspace } from '../support/tempWorkspace';

const SOURCE = [
  'import os',
  'from app.websocket_core.manager import HeartbeatConfig, WebSocketManager  # websocket',
  'from app.core.managers.unified_configuration_manager import (',
  '    Settings,  # the old home',
  '    Loader as L,',
  ')',
  'from app.agents.execution_engine_consolidated import run',
  '',
].join('\r\n');

/** Applies a code action's single versioned document edit to `text`, checking the version it was made for. */
function apply(action: CodeAction, uri: string, version: number, text: string): string {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  assert.ok(change, `action '${action.title}' has no document edit`);
  assert.equal(change.textDocument.uri, uri);
  assert.equal(change.textDocument.version, version, 'edits are pinned to the version they were computed for');
  const edits = change.edits.map((e) => ('newText' in e ? e : assert.fail('the server sends no snippet edits')));
  return TextDocument.applyEdits(TextDocument.create(uri, 'python', version, text), edits);
}

describe('code actions over stdio', function () {
  let ws: TempWorkspace;
  let client: TestLspClient;
  let uri: string;
  let diagnostics: Diagnostic[];

  beforeEach(async () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'app/a.py': SOURCE });
    client = await TestLspClient.start({ rootPath: ws.root });
    uri = await client.open(ws.path('app/a.py'), SOURCE);
    diagnostics = await client.diagnostics(uri, (d) => d.length === 3);
  });
  afterEach(async () => {
    await client.stop();
    ws.dispose();
  });

  const request = (diagnostic: Diagnostic, only?: string[]) =>
    client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
    }) as Promise<CodeAction[]>;

  it('offers the preferred fix for a name rule: the name moves to its canonical module, the rest stays', async () => {
    const actions = await request(diagnostics[0]!);
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred?.title, "Import 'HeartbeatConfig' from 'test_framework.ssot.orchestration_enums' instead");
    assert.equal(preferred.kind, 'quickfix');
    const fixed = apply(preferred, uri, 1, SOURCE);
    assert.equal(
      fixed,
      SOURCE.replace(
        'from app.websocket_core.manager import HeartbeatConfig, WebSocketManager  # websocket',
        'from app.websocket_core.manager import WebSocketManager  # websocket\r\nfrom test_framework.ssot.orchestration_enums import HeartbeatConfig',
      ),
    );
  });

  it('rewrites a module rule in place, keeping parentheses, comments and aliases', async () => {
    const preferred = (await request(diagnostics[1]!)).find((a) => a.isPreferred)!;
    assert.equal(preferred.title, "Import from 'app.core.configuration.base' instead");
    assert.equal(apply(preferred, uri, 1, SOURCE), SOURCE.replace('app.core.managers.unified_configuration_manager', 'app.core.configuration.base'));
  });

  it('offers no rewrite for a path without replacement, but can ignore it on that line', async () => {
    const actions = await request(diagnostics[2]!);
    assert.deepEqual(actions.map((a) => [a.kind, a.title]), [
      ['quickfix', 'Ignore SSOT001 for this line'],
      ['source.fixAll.ssotImports', 'Fix all deprecated SSOT imports'], // the file's other imports can be fixed
    ]);
    const ignored = apply(actions[0]!, uri, 1, SOURCE);
    assert.ok(ignored.includes('from app.agents.execution_engine_consolidated import run  # ssot: ignore[SSOT001]\r\n'));
  });

  it('source.fixAll.ssotImports fixes every fixable import at once, and the result checks clean', async () => {
    const actions = await request(diagnostics[0]!, ['source.fixAll']);
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.ssotImports']);
    const fixed = apply(actions[0]!, uri, 1, SOURCE);
    const version = await client.change(uri, [{ text: fixed }]);
    const after = await client.diagnostics(uri, (_d, p) => p.version === version);
    assert.deepEqual(after.map((d) => d.message), ["'app.agents.execution_engine_consolidated' is deprecated and has no replacement"]);
  });

  it('answers for the current version after an edit, and nothing for a stale diagnostic', async () => {
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\r\n' }]);
    const stale = await request(diagnostics[0]!);
    assert.deepEqual(stale.filter((a) => a.kind === 'quickfix'), [], 'the old range no longer holds a finding');
    const moved = { ...diagnostics[0]!, range: { start: { line: 2, character: 39 }, end: { line: 2, character: 54 } } };
    const preferred = (await request(moved)).find((a) => a.isPreferred)!;
    assert.equal((preferred.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version, 2);
  });
});

describe('code actions for a renamed name', function () {
  it('offers the alias fix (preferred) and the rename-uses fix', async () => {
    const registry = '[[rule]]\nfrom = "app.manager:WebSocketManager"\nto = "app.unified:UnifiedWebSocketManager"\n';
    const source = 'from app.manager import WebSocketManager\n\nmanager = WebSocketManager()\n';
    const ws = new TempWorkspace({ 'ssot-imports.toml': registry, 'a.py': source });
    const client = await TestLspClient.start({ rootPath: ws.root });
    try {
      const uri = await client.open(ws.path('a.py'), source);
      const [diagnostic] = await client.diagnostics(uri, (d) => d.length === 1);
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: diagnostic!.range,
        context: { diagnostics: [diagnostic!], only: ['quickfix'] },
      })) as CodeAction[];
      assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [
        ["Import 'UnifiedWebSocketManager' from 'app.unified' instead", true],
        ["Import 'UnifiedWebSocketManager' from 'app.unified' and rename 'WebSocketManager' in this file", false],
        ['Ignore SSOT001 for this line', false],
      ]);
      assert.equal(apply(actions[0]!, uri, 1, source), 'from app.unified import UnifiedWebSocketManager as WebSocketManager\n\nmanager = WebSocketManager()\n');
      assert.equal(apply(actions[1]!, uri, 1, source), 'from app.unified import UnifiedWebSocketManager\n\nmanager = UnifiedWebSocketManager()\n');
    } finally {
      await client.stop();
      ws.dispose();
    }
  });
});
