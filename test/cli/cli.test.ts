import { strict as assert } from 'node:assert';
import type { ReportFinding } from '../../src/cli/report';
import { REGISTRY, TempWorkspace } from '../support/tempWorkspace';
import { runCli } from './runCli';

const run = (args: string[], cwd: string) => runCli(args, cwd);

interface JsonReport {
  version: number;
  findings: ReportFinding[];
  skipped: { file: string; reason: string }[];
}

const DEPRECATED = 'from app.websocket_core.manager import HeartbeatConfig\n';

describe('ssot-imports check (CLI)', function () {
  let ws: TempWorkspace;
  afterEach(() => ws?.dispose());

  it('reports findings as text and exits 1', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'tests/test_a.py': `import os\n${DEPRECATED}` });
    const { code, stdout } = run(['check'], ws.root);
    assert.equal(code, 1);
    assert.equal(
      stdout,
      "tests/test_a.py:2:40: SSOT001 [warning] 'app.websocket_core.manager.HeartbeatConfig' is deprecated: import 'HeartbeatConfig' from 'test_framework.ssot.orchestration_enums'\n" +
        'Found 1 deprecated import in 1 file (1 file checked).\n',
    );
  });

  it('exits 0 on a clean workspace', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'a.py': 'from test_framework.ssot.orchestration_enums import HeartbeatConfig\n' });
    const { code, stdout } = run(['check', '--format', 'json'], ws.root);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), { version: 1, findings: [], skipped: [] });
  });

  it('prints the JSON contract with workspace-relative POSIX paths and 1-based code-point columns', () => {
    ws = new TempWorkspace({
      'ssot-imports.toml': REGISTRY,
      'pkg/sub/mod.py': `x = "😀"; import app.agents.execution_engine_consolidated\r\n`,
    });
    const { code, stdout } = run(['check', '--format', 'json', 'pkg'], ws.root);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as JsonReport;
    assert.deepEqual(report.findings, [
      {
        file: 'pkg/sub/mod.py',
        line: 1,
        column: 17,
        endLine: 1,
        endColumn: 57,
        code: 'SSOT001',
        severity: 'error',
        message: "'app.agents.execution_engine_consolidated' is deprecated and has no replacement",
      },
    ]);
    assert.deepEqual(Object.keys(report.findings[0]!), ['file', 'line', 'column', 'endLine', 'endColumn', 'code', 'severity', 'message']);
  });

  it('finds the root from a path below it and reports paths relative to the root', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'deep/er/test_b.py': DEPRECATED, 'other.py': DEPRECATED });
    const { code, stdout } = run(['check', '--format', 'json', 'deep/er/test_b.py'], ws.root);
    assert.equal(code, 1);
    assert.deepEqual((JSON.parse(stdout) as JsonReport).findings.map((f) => f.file), ['deep/er/test_b.py']);
    const fromInside = run(['check', '--format', 'json'], ws.path('deep'));
    assert.deepEqual((JSON.parse(fromInside.stdout) as JsonReport).findings.map((f) => f.file), ['deep/er/test_b.py']);
  });

  it('prints GitHub workflow annotations', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'a,b.py': DEPRECATED });
    const { code, stdout } = run(['check', '--format', 'github'], ws.root);
    assert.equal(code, 1);
    assert.equal(
      stdout.split('\n')[0],
      "::warning file=a%2Cb.py,line=1,col=40,endLine=1,endColumn=55,title=SSOT001::'app.websocket_core.manager.HeartbeatConfig' is deprecated: import 'HeartbeatConfig' from 'test_framework.ssot.orchestration_enums'",
    );
  });

  it('prints SARIF 2.1.0 with code-point columns', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'dir with space/a.py': DEPRECATED });
    const { code, stdout } = run(['check', '--format', 'sarif'], ws.root);
    assert.equal(code, 1);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const [runEntry] = sarif.runs;
    assert.equal(runEntry.tool.driver.name, 'ssot-imports');
    assert.equal(runEntry.columnKind, 'unicodeCodePoints');
    assert.deepEqual(runEntry.tool.driver.rules.map((r: { id: string }) => r.id), ['SSOT001']);
    const [result] = runEntry.results;
    assert.equal(result.ruleId, 'SSOT001');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'dir%20with%20space/a.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 40, endLine: 1, endColumn: 55 },
    });
  });

  it('skips what .gitignore ignores, virtualenvs, node_modules and __pycache__', () => {
    ws = new TempWorkspace({
      'ssot-imports.toml': REGISTRY,
      '.gitignore': 'generated/\n',
      'generated/a.py': DEPRECATED,
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/b.py': DEPRECATED,
      'node_modules/c.py': DEPRECATED,
      'pkg/__pycache__/d.py': DEPRECATED,
      'pkg/kept.py': DEPRECATED,
    });
    const { stdout } = run(['check', '--format', 'json'], ws.root);
    assert.deepEqual((JSON.parse(stdout) as JsonReport).findings.map((f) => f.file), ['pkg/kept.py']);
  });

  it('reports binary, oversized and non-UTF-8 files without failing the run', () => {
    ws = new TempWorkspace({
      'ssot-imports.toml': REGISTRY,
      'bin.py': Buffer.from([0x69, 0x6d, 0x00, 0x01]),
      'latin.py': Buffer.from('# caf\xe9\nimport os\n', 'latin1'),
      'huge.py': `# ${'x'.repeat(6 * 1024 * 1024)}\n`,
      'ok.py': DEPRECATED,
    });
    const { code, stdout, stderr } = run(['check', '--format', 'json'], ws.root);
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout) as JsonReport;
    assert.deepEqual(report.findings.map((f) => f.file), ['ok.py']);
    assert.deepEqual(report.skipped.map((s) => s.file), ['bin.py', 'huge.py', 'latin.py']);
    assert.match(report.skipped[0]!.reason, /binary/);
    assert.match(report.skipped[1]!.reason, /MB/);
    assert.match(report.skipped[2]!.reason, /UTF-8/);
  });

  it('exits 2 with file, line and advice for a broken registry', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': '[[rule]]\nfrom = "a.b"\nto = "c.d"\nseverity = "warn"\n', 'a.py': 'import a.b\n' });
    const { code, stdout, stderr } = run(['check'], ws.root);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `ssot-imports.toml:4:1: error: severity = "warn" is not one of error, warning, information, hint; did you mean 'warning'?\n`);
  });

  it('exits 2 for a TOML syntax error, naming the line', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': '[[rule]]\nfrom = "a.b\n', 'a.py': '' });
    const { code, stderr } = run(['check'], ws.root);
    assert.equal(code, 2);
    assert.match(stderr, /^ssot-imports\.toml:2:\d+: error: TOML syntax error: /);
  });

  it('exits 2 when there is no registry, saying how to create one', () => {
    ws = new TempWorkspace({ '.git/HEAD': '', 'a.py': 'import os\n' });
    const { code, stderr } = run(['check'], ws.root);
    assert.equal(code, 2);
    assert.match(stderr, /no SSOT registry found .* create ssot-imports\.toml/);
  });

  it('exits 2 on usage errors', () => {
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY });
    assert.equal(run(['check', '--format', 'xml'], ws.root).code, 2);
    assert.match(run(['check', '--format', 'xml'], ws.root).stderr, /unknown format 'xml'/);
    assert.equal(run(['lint'], ws.root).code, 2);
    assert.equal(run(['check', '--bogus'], ws.root).code, 2);
    assert.match(run(['check', 'nope.py'], ws.root).stderr, /nope\.py: no such file or folder/);
    assert.equal(run(['check', 'nope.py'], ws.root).code, 2);
    const help = run(['--help'], ws.root);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: ssot-imports check/);
  });

  it('reads the registry from pyproject.toml or from --config, and takes --source-root', () => {
    ws = new TempWorkspace({
      'pyproject.toml': '[project]\nname = "x"\n\n[[tool.ssot-imports.rule]]\nfrom = "lib.old.*"\nto = "lib.new.*"\n',
      'code/lib/old/__init__.py': '',
      'code/lib/user.py': 'from .old.thing import X\n',
      'rules/custom.toml': '[[rule]]\nfrom = "os"\nto = "pathlib"\n',
    });
    let { code, stdout } = run(['check', '--format', 'json', '--source-root', 'code'], ws.root);
    assert.equal(code, 1);
    assert.deepEqual((JSON.parse(stdout) as JsonReport).findings.map((f) => [f.file, f.message]), [
      ['code/lib/user.py', "'lib.old.thing' is deprecated: import 'X' from 'lib.new.thing'"],
    ]);
    ({ code, stdout } = run(['check', '--format', 'json'], ws.root)); // without the root the relative import cannot resolve to lib.*
    assert.equal(code, 0);
    assert.deepEqual((JSON.parse(stdout) as JsonReport).findings, []);
    ({ code, stdout } = run(['check', '--format', 'json', '--config', 'rules/custom.toml', '--root', '.'], ws.root));
    assert.equal(code, 0, 'os is not imported anywhere');
    assert.deepEqual((JSON.parse(stdout) as JsonReport).findings, []);
  });

  it('writes a large JSON report completely through a pipe', () => {
    const lines = Array.from({ length: 3000 }, () => DEPRECATED).join('');
    ws = new TempWorkspace({ 'ssot-imports.toml': REGISTRY, 'many.py': lines });
    const { code, stdout } = run(['check', '--format', 'json'], ws.root);
    assert.equal(code, 1);
    assert.equal((JSON.parse(stdout) as JsonReport).findings.length, 3000);
  });
});
