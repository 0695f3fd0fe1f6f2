/**
 * `check` and `fix` with the workspace index: SSOT002 (missing name) and SSOT003 (missing
 * module), `--select`, and the index cache (`--no-cache`, warm runs, edits between runs).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempWorkspace } from '../support/tempWorkspace';
import { age, FILES, MAIN_FINDINGS, type JsonReport } from './indexWorkspace';
import { runCli } from './runCli';

/** The index cache files in `dir` (the saved reports beside them are results-*.json). */
function cacheFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('index-') && f.endsWith('.json')) : [];
}

/** The workspace-relative paths the cache file holds facts for. */
function cachedPaths(dir: string): string[] {
  const [file] = cacheFiles(dir);
  assert.ok(file, `no cache file in ${dir}`);
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { files: [string, ...unknown[]][] };
  return doc.files.map((row) => row[0]).sort();
}

describe('ssot-imports check and fix with the workspace index (CLI)', function () {
  this.timeout(60_000);
  let ws: TempWorkspace;
  let cacheDir: string;
  beforeEach(() => {
    ws = new TempWorkspace(FILES);
    age(ws, Object.keys(FILES));
    cacheDir = mkdtempSync(join(tmpdir(), 'ssot-cli-index-cache-'));
  });
  afterEach(() => {
    ws.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });
  const run = (args: string[], cwd = ws.root) => runCli(args, cwd, { cacheDir });

  it('reports SSOT002 naming where the name lives and SSOT003 with a same-name module, beside SSOT001; a guarded import is left alone', () => {
    const { code, stdout, stderr } = run(['check']);
    assert.equal(code, 1, stderr);
    assert.equal(stderr, '', 'no progress line when stderr is not a terminal');
    assert.equal(stdout, [...MAIN_FINDINGS, `Found 1 deprecated import and 4 broken imports in 1 file (${Object.keys(FILES).length - 1} files checked).`, ''].join('\n'));
  });

  it('carries the new codes in every format; SARIF describes the missing name and missing module rules', () => {
    const json = JSON.parse(run(['check', '--format', 'json']).stdout) as JsonReport;
    assert.deepEqual(json.findings.map((f) => [f.line, f.column, f.endColumn, f.code, f.severity]), [
      [1, 26, 34, 'SSOT002', 'error'],
      [2, 26, 30, 'SSOT002', 'error'],
      [3, 26, 31, 'SSOT002', 'error'],
      [4, 8, 25, 'SSOT003', 'error'],
      [5, 40, 55, 'SSOT001', 'warning'],
    ]);
    const github = run(['check', '--format', 'github']).stdout.split('\n');
    assert.equal(github[0], "::error file=app/main.py,line=1,col=26,endLine=1,endColumn=34,title=SSOT002::'Settings' is not defined in 'app.settings': it lives in 'app.core.configuration' and 'app.models.settings_impl'");
    assert.equal(github[3], "::error file=app/main.py,line=4,col=8,endLine=4,endColumn=25,title=SSOT003::No module named 'app.utils.helpers'");
    const sarif = JSON.parse(run(['check', '--format', 'sarif']).stdout);
    const [sarifRun] = sarif.runs;
    const rules = sarifRun.tool.driver.rules as { id: string; name: string; shortDescription: { text: string } }[];
    assert.deepEqual(rules.map((r) => [r.id, r.name]), [['SSOT001', 'DeprecatedImport'], ['SSOT002', 'MissingName'], ['SSOT003', 'MissingModule']]);
    assert.match(rules[1]!.shortDescription.text, /^Missing name: /);
    assert.match(rules[2]!.shortDescription.text, /^Missing module: /);
    assert.deepEqual((sarifRun.results as { ruleId: string; ruleIndex: number; level: string }[]).map((r) => [r.ruleId, r.ruleIndex, r.level]), [
      ['SSOT002', 1, 'error'],
      ['SSOT002', 1, 'error'],
      ['SSOT002', 1, 'error'],
      ['SSOT003', 2, 'error'],
      ['SSOT001', 0, 'warning'],
    ]);
  });

  it('--select reports only the codes named; without SSOT002/SSOT003 no index is built and only files that can match the registry are parsed', () => {
    const all = run(['check', '--format', 'json']);
    const codesOf = (stdout: string) => (JSON.parse(stdout) as JsonReport).findings.map((f) => f.code);
    rmSync(cacheDir, { recursive: true, force: true });

    const registryOnly = run(['check', '--format', 'json', '--select', 'SSOT001,SSOT004']);
    assert.equal(registryOnly.code, 1);
    assert.deepEqual(codesOf(registryOnly.stdout), ['SSOT001']);
    // the only file parsed is the one mentioning a registry module; the others were read and dropped
    assert.deepEqual(cachedPaths(cacheDir), ['app/main.py']);

    const broken = run(['check', '--select', 'ssot002', '--select', 'SSOT003']);
    assert.equal(broken.code, 1);
    assert.deepEqual(broken.stdout.trimEnd().split('\n'), [...MAIN_FINDINGS.slice(0, 4), `Found 4 broken imports in 1 file (${Object.keys(FILES).length - 1} files checked).`]);
    // each selection is exactly the full report filtered to its codes
    const filtered = (JSON.parse(all.stdout) as JsonReport).findings.filter((f) => f.code === 'SSOT003');
    assert.deepEqual((JSON.parse(run(['check', '--format', 'json', '--select', 'SSOT003']).stdout) as JsonReport).findings, filtered);

    const none = run(['check', '--select', 'SSOT004']);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /^No deprecated imports \(\d+ files checked\)\.\n$/);
    assert.match(run(['check', 'app/core', '--select', 'SSOT002']).stdout, /^No broken imports \(4 files checked\)\.\n$/);
    assert.match(run(['check', 'app/core']).stdout, /^No deprecated or broken imports \(4 files checked\)\.\n$/);

    for (const bad of [['--select', 'SSOT009'], ['--select', ','], ['--select']]) {
      const r = run(['check', ...bad]);
      assert.equal(r.code, 2, bad.join(' '));
    }
    assert.match(run(['check', '--select', 'SSOT001,SSOT9']).stderr, /unknown code 'SSOT9' for --select: use SSOT001, SSOT002, SSOT003, SSOT004/);
    assert.equal(run(['rules', '--select', 'SSOT001']).code, 2);
  });

  it('a warm run prints exactly what a cold one does, and leaves the cache as it was', () => {
    const cold = run(['check', '--format', 'json', '--no-cache']);
    assert.deepEqual(cacheFiles(cacheDir), []);
    const first = run(['check', '--format', 'json']);
    assert.equal(first.stdout, cold.stdout);
    const [file] = cacheFiles(cacheDir);
    assert.ok(file, 'the first run wrote the cache');
    assert.deepEqual(cachedPaths(cacheDir), Object.keys(FILES).filter((f) => f.endsWith('.py')).sort());
    const written = readFileSync(join(cacheDir, file), 'utf8');
    const writtenAt = statSync(join(cacheDir, file)).mtimeMs;

    for (const format of ['json', 'text', 'sarif', 'github']) {
      const warm = run(['check', '--format', format]);
      const coldAgain = run(['check', '--format', format, '--no-cache']);
      assert.equal(warm.stdout, coldAgain.stdout, format);
      assert.equal(warm.code, 1);
    }
    // every file was known: nothing parsed or re-hashed, so nothing to write
    assert.equal(readFileSync(join(cacheDir, file), 'utf8'), written);
    assert.equal(statSync(join(cacheDir, file)).mtimeMs, writtenAt);
    // the registry-only run and fix --diff start from the same cache
    assert.deepEqual(
      (JSON.parse(run(['check', '--format', 'json', '--select', 'SSOT001,SSOT004']).stdout) as JsonReport).findings,
      (JSON.parse(cold.stdout) as JsonReport).findings.filter((f) => f.code === 'SSOT001'),
    );
    assert.equal(run(['fix', '--diff']).stdout, run(['fix', '--diff', '--no-cache']).stdout);
  });

  it('a cache entry whose imports do not decode: that file is parsed again, the output is that of a cold run', () => {
    const cold = run(['check', '--format', 'json', '--no-cache']);
    run(['check']);
    const [file] = cacheFiles(cacheDir);
    const doc = JSON.parse(readFileSync(join(cacheDir, file!), 'utf8')) as { files: unknown[][] };
    const row = doc.files.find((r) => r[0] === 'app/main.py')!;
    row[5] = (row[5] as number[]).slice(0, -3); // the summary still decodes, the imports after it do not
    writeFileSync(join(cacheDir, file!), JSON.stringify(doc));
    // without the saved report, which would be replayed, the next run goes through the index cache
    for (const saved of readdirSync(cacheDir).filter((f) => f.startsWith('results-'))) rmSync(join(cacheDir, saved));
    assert.equal(run(['check', '--format', 'json']).stdout, cold.stdout);
    assert.equal(run(['fix', '--diff']).stdout, run(['fix', '--diff', '--no-cache']).stdout);
  });

  it('--no-cache neither reads nor writes the cache, for check and for fix', () => {
    assert.equal(run(['check', '--no-cache']).code, 1);
    assert.equal(run(['fix', '--diff', '--no-cache']).code, 1);
    assert.deepEqual(readdirSync(cacheDir), []);
    // a cache that says something else is not read either
    run(['check']);
    ws.write({ 'app/settings.py': 'DEBUG = True\nclass Only: pass\n' });
    age(ws, ['app/settings.py']);
    const [file] = cacheFiles(cacheDir);
    const before = readFileSync(join(cacheDir, file!), 'utf8');
    const cold = run(['check', '--format', 'json', '--no-cache']);
    assert.ok(!(JSON.parse(cold.stdout) as JsonReport).findings.some((f) => f.message.startsWith("'Only'")), 'the edit is seen');
    assert.equal(readFileSync(join(cacheDir, file!), 'utf8'), before, 'the stale cache was not rewritten');
  });

  it('an edited file is read again on the next run: its imports, and the names other files import from it', () => {
    run(['check']);
    // app.settings now defines Twice (a module others import from), and main.py imports one more missing name
    ws.write({ 'app/settings.py': 'DEBUG = True\n\nclass Twice:\n    pass\n' });
    ws.write({ 'app/main.py': `${FILES['app/main.py']}from app.core.twice import Thrice\n` });
    const { stdout } = run(['check', '--format', 'json']);
    const messages = (JSON.parse(stdout) as JsonReport).findings.map((f) => `${f.line} ${f.code} ${f.message}`);
    assert.ok(!messages.some((m) => m.includes("'Twice'")), messages.join('\n'));
    assert.ok(messages.includes("12 SSOT002 'Thrice' is not defined in 'app.core.twice' and is not defined anywhere in the workspace"), messages.join('\n'));
    assert.equal(stdout, run(['check', '--format', 'json', '--no-cache']).stdout);
    // the same size and another content is read again too (a new mtime)
    ws.write({ 'app/core/helpers.py': 'def helpen():\n    return 1\n' });
    assert.equal(run(['check', '--format', 'json']).stdout, run(['check', '--format', 'json', '--no-cache']).stdout);
  });

  it('fix rewrites SSOT002/SSOT003 when the choice is unambiguous (a registry target wins), and leaves the rest', () => {
    const { code, stdout, stderr } = run(['fix']);
    assert.equal(code, 1, 'Twice has two candidates and neither is a registry target');
    assert.equal(stdout, '');
    assert.equal(
      readFileSync(ws.path('app/main.py'), 'utf8'),
      [
        'from app.settings import DEBUG',
        'from app.core.configuration import Settings',
        'from app.models.settings_impl import Only',
        'from app.settings import Twice',
        'import app.core.helpers',
        'from test_framework.ssot.orchestration_enums import HeartbeatConfig',
        'try:',
        '    from app.settings import Optional',
        'except ImportError:',
        '    Optional = None',
        '',
        'print(app.core.helpers.helper(), Settings, Only, Twice, DEBUG, HeartbeatConfig, Optional)',
        '',
      ].join('\n'),
    );
    assert.equal(
      stderr,
      [
        'Fixed 1 deprecated import and 3 broken imports in 1 file.',
        'Left without a fix:',
        "app/main.py:4:26: SSOT002 [error] 'Twice' is not defined in 'app.settings': it lives in 'app.core.twice' and 'app.models.settings_impl'",
        `Found 1 broken import in 1 file (${Object.keys(FILES).length - 1} files checked).`,
        '',
      ].join('\n'),
    );
    const again = run(['fix']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^Fixed 0 deprecated imports in 0 files\.\nLeft without a fix:\n/);
    assert.equal(run(['check']).stdout, `${"app/main.py:4:26: SSOT002 [error] 'Twice' is not defined in 'app.settings': it lives in 'app.core.twice' and 'app.models.settings_impl'"}\nFound 1 broken import in 1 file (${Object.keys(FILES).length - 1} files checked).\n`);
  });

  it('fix --diff shows the broken-import rewrites and writes nothing; --rule and --select SSOT001,SSOT004 leave broken imports alone', () => {
    const before = readFileSync(ws.path('app/main.py'), 'utf8');
    const diff = run(['fix', '--diff']);
    assert.equal(diff.code, 1);
    assert.ok(diff.stdout.includes('-import app.utils.helpers\n') && diff.stdout.includes('+import app.core.helpers\n'), diff.stdout);
    assert.ok(diff.stdout.includes('+from app.core.configuration import Settings\n'), diff.stdout);
    assert.match(diff.stderr, /^Would fix 1 deprecated import and 3 broken imports in 1 file\./);
    assert.equal(readFileSync(ws.path('app/main.py'), 'utf8'), before);

    const rule = run(['fix', '--rule', 'app.websocket_core.manager:HeartbeatConfig']);
    assert.equal(rule.code, 0, rule.stderr);
    assert.equal(rule.stderr, 'Fixed 1 deprecated import in 1 file.\n');
    assert.equal(readFileSync(ws.path('app/main.py'), 'utf8'), before.replace('from app.websocket_core.manager import HeartbeatConfig', 'from test_framework.ssot.orchestration_enums import HeartbeatConfig'));
    const registryOnly = run(['fix', '--select', 'SSOT001,SSOT004']);
    assert.equal(registryOnly.code, 0);
    assert.equal(registryOnly.stderr, 'Fixed 0 deprecated imports in 0 files.\n');
    assert.equal(run(['fix', '--rule', 'app.legacy_settings', '--select', 'SSOT002']).code, 2);
  });

  it('reports imports of the demo workspace exactly as before: 25 SSOT001 findings and no broken import', () => {
    const demo = join(__dirname, '..', '..', 'examples', 'demo-workspace');
    const { code, stdout } = run(['check', '--format', 'json', demo], demo);
    assert.equal(code, 1);
    const findings = (JSON.parse(stdout) as JsonReport).findings;
    assert.equal(findings.length, 25);
    assert.deepEqual([...new Set(findings.map((f) => f.code))], ['SSOT001']);
    assert.match(run(['check', demo], demo).stdout, /\nFound 25 deprecated imports in 11 files \(40 files checked\)\.\n$/);
  });
});
