import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGISTRY, TempWorkspace } from '../support/tempWorkspace';
import { runCli } from './runCli';

const FIXTURES = join(__dirname, '..', 'fixtures', 'markdown');

const run = (args: string[], cwd: string) => runCli(args, cwd);

const MARKDOWN = `# SSOT import registry

\`\`\`python
from app.old.tools import load_tool, ToolSpec  # ❌ DEPRECATED — tools SSOT (#900)
# USE INSTEAD: from app.tools import load_tool, ToolSpec
from app.tools import load_tool, ToolSpec  # ✅ CANONICAL
import app.legacy_jobs  # ❌ BROKEN
\`\`\`
`;

describe('ssot-imports rules (CLI)', function () {
  let ws: TempWorkspace;
  afterEach(() => ws?.dispose());

  it('lists the TOML and markdown rules with file:line origins, then the canonical imports; exit 0', () => {
    ws = new TempWorkspace({
      'ssot-imports.toml': `[registry]\nmarkdown = ["docs/SSOT_IMPORT_REGISTRY.md"]\n\n${REGISTRY}`,
      'docs/SSOT_IMPORT_REGISTRY.md': MARKDOWN,
    });
    const { code, stdout, stderr } = run(['rules'], ws.root);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.equal(
      stdout,
      [
        'ssot-imports.toml:5: module app.core.managers.unified_configuration_manager → app.core.configuration.base [warning] — Configuration SSOT (#757)',
        'ssot-imports.toml:10: name app.websocket_core.manager:HeartbeatConfig → test_framework.ssot.orchestration_enums:HeartbeatConfig [warning]',
        'ssot-imports.toml:14: package app.agents.registry.* → app.agents.supervisor.registry.* [warning]',
        'ssot-imports.toml:18: module app.agents.execution_engine_consolidated (no replacement) [error]',
        'docs/SSOT_IMPORT_REGISTRY.md:4: name app.old.tools:load_tool → app.tools:load_tool [warning] — tools SSOT (#900)',
        'docs/SSOT_IMPORT_REGISTRY.md:4: name app.old.tools:ToolSpec → app.tools:ToolSpec [warning] — tools SSOT (#900)',
        'docs/SSOT_IMPORT_REGISTRY.md:7: module app.legacy_jobs (no replacement) [error]',
        'docs/SSOT_IMPORT_REGISTRY.md:6: canonical app.tools:load_tool',
        'docs/SSOT_IMPORT_REGISTRY.md:6: canonical app.tools:ToolSpec',
        '7 rules (4 from ssot-imports.toml, 3 from docs/SSOT_IMPORT_REGISTRY.md); 2 canonical imports.',
        '',
      ].join('\n'),
    );
  });

  it('--format json: the documented contract with a fixed key order', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': '[registry]\nmarkdown = ["docs/SSOT_IMPORT_REGISTRY.md"]\n', 'docs/SSOT_IMPORT_REGISTRY.md': MARKDOWN });
    const { code, stdout } = run(['rules', '--format', 'json'], ws.root);
    assert.equal(code, 0);
    const json = JSON.parse(stdout);
    const origin = (line: number) => ({ file: 'docs/SSOT_IMPORT_REGISTRY.md', line });
    assert.deepEqual(json, {
      version: 1,
      rules: [
        { from: 'app.old.tools:load_tool', to: 'app.tools:load_tool', kind: 'name', severity: 'warning', message: 'tools SSOT (#900)', origin: origin(4) },
        { from: 'app.old.tools:ToolSpec', to: 'app.tools:ToolSpec', kind: 'name', severity: 'warning', message: 'tools SSOT (#900)', origin: origin(4) },
        { from: 'app.legacy_jobs', to: null, kind: 'module', severity: 'error', message: null, origin: origin(7) },
      ],
      canonical: [
        { module: 'app.tools', name: 'load_tool', origin: origin(6) },
        { module: 'app.tools', name: 'ToolSpec', origin: origin(6) },
      ],
    });
    assert.deepEqual(Object.keys(JSON.parse(stdout).rules[0]), ['from', 'to', 'kind', 'severity', 'message', 'origin']);
  });

  it('check and fix use the markdown rules', () => {
    ws = new TempWorkspace({
      'ssot-imports.toml': '[registry]\nmarkdown = ["docs/SSOT_IMPORT_REGISTRY.md"]\n',
      'docs/SSOT_IMPORT_REGISTRY.md': MARKDOWN,
      'tests/test_tools.py': 'from app.old.tools import load_tool\nimport app.legacy_jobs\n',
    });
    const check = run(['check'], ws.root);
    assert.equal(check.code, 1);
    assert.equal(
      check.stdout,
      "tests/test_tools.py:1:27: SSOT001 [warning] 'app.old.tools.load_tool' is deprecated: import 'load_tool' from 'app.tools' — tools SSOT (#900)\n" +
        "tests/test_tools.py:2:8: SSOT001 [error] 'app.legacy_jobs' is deprecated and has no replacement\n" +
        'Found 2 deprecated imports in 1 file (1 file checked).\n',
    );
    assert.equal(run(['fix'], ws.root).code, 1, 'app.legacy_jobs has no fix');
    assert.equal(readFileSync(ws.path('tests/test_tools.py'), 'utf8'), 'from app.tools import load_tool\nimport app.legacy_jobs\n');
  });

  it('pyproject.toml [tool.ssot-imports.registry], --root and --config', () => {
    ws = new TempWorkspace({
      'repo/pyproject.toml': '[project]\nname = "x"\n\n[tool.ssot-imports.registry]\nmarkdown = ["REG.md"]\n',
      'repo/REG.md': readFileSync(join(FIXTURES, 'crlf.md'), 'utf8'),
      'elsewhere/custom.toml': '[[rule]]\nfrom = "a.b"\nto = "c.d"\n',
    });
    const fromRoot = run(['rules', '--root', 'repo', '--format', 'json'], ws.root);
    assert.equal(fromRoot.code, 0, fromRoot.stderr);
    assert.deepEqual(JSON.parse(fromRoot.stdout).rules.map((r: { from: string; origin: { file: string; line: number } }) => [r.from, r.origin.file, r.origin.line]), [
      ['app.crlf.old:Thing', 'REG.md', 4],
      ['app.crlf.module', 'REG.md', 12],
    ]);
    const fromInside = run(['rules'], ws.path('repo'));
    assert.equal(fromInside.code, 0);
    assert.match(fromInside.stdout, /^REG\.md:4: name app\.crlf\.old:Thing → app\.crlf\.new:Thing \[warning\]$/m);
    const custom = run(['rules', '--config', 'elsewhere/custom.toml'], ws.root);
    assert.equal(custom.stdout, 'custom.toml:2: module a.b → c.d [warning]\n1 rule (1 from custom.toml); 0 canonical imports.\n');
  });

  it('exits 2 on a configuration error: a missing markdown file, a mistake in the markdown', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': '[registry]\nmarkdown = ["docs/missing.md"]\n' });
    const missing = run(['rules'], ws.root);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /^ssot-imports\.toml:2:13: error: markdown registry "docs\/missing\.md" does not exist \(.*\): fix the path in markdown = \[\.\.\.\]; paths are relative to the workspace root /);
    assert.equal(run(['check'], ws.root).code, 2, 'check refuses the broken registry too');

    ws.dispose();
    ws = new TempWorkspace({ 'ssot-imports.toml': '[registry]\nmarkdown = ["R.md"]\n', 'R.md': readFileSync(join(FIXTURES, 'syntax-error.md'), 'utf8') });
    const broken = run(['rules'], ws.root);
    assert.equal(broken.code, 2);
    assert.deepEqual(broken.stderr.trimEnd().split('\n').map((l) => l.split(': ').slice(0, 2).join(': ')), ['R.md:6:1: warning', 'R.md:7:1: error']);
  });

  it('warnings are printed and the list is still shown (exit 0)', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': '[registry]\nmarkdown = ["R.md"]\n\n[[rule]]\nfrom = "a"\n', 'R.md': '# nothing marked\n' });
    const { code, stdout, stderr } = run(['rules'], ws.root);
    assert.equal(code, 0);
    assert.match(stderr, /^R\.md:1:1: warning: R\.md has no marked imports: /);
    assert.equal(stdout, 'ssot-imports.toml:5: module a (no replacement) [warning]\n1 rule (1 from ssot-imports.toml); 0 canonical imports.\n');
  });

  it('exits 2 on usage errors and without a registry', () => {
    ws = new TempWorkspace({ '.git/HEAD': '', 'ssot-imports.toml': REGISTRY });
    const cases: [string[], RegExp][] = [
      [['rules', '--format', 'sarif'], /unknown format 'sarif' for rules: use text or json/],
      [['rules', 'src'], /rules takes no PATH \('src'\): pick the workspace with --root DIR or --config FILE/],
      [['rules', '--diff'], /--diff does not go with `rules`/],
      [['rules', '--source-root', 'x'], /--source-root does not go with `rules`/],
    ];
    for (const [args, message] of cases) {
      const result = run(args, ws.root);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
    }
    assert.match(run(['--help'], ws.root).stdout, /ssot-imports rules \[--config FILE\] \[--root DIR\] \[--format text\|json\]/);

    ws.dispose();
    ws = new TempWorkspace({ '.git/HEAD': '' });
    const none = run(['rules'], ws.root);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no SSOT registry found .* create ssot-imports\.toml/);
  });
});
