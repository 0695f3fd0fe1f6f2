/** `ssot-imports collect`, run from source (the bundle needs the build to ship the plugin). */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { FIXTURES, processesWithMarker, SYSTEM_PYTHON } from './support';

const MAIN = join(__dirname, '..', '..', 'src', 'cli', 'main.ts');
const NODE_ARGS = ['--import', 'tsx', MAIN];

function cli(args: string[], cwd = FIXTURES) {
  const result = spawnSync(process.execPath, [...NODE_ARGS, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe(`ssot-imports collect (CLI, ${SYSTEM_PYTHON})`, function () {
  const py = ['--python', SYSTEM_PYTHON];

  it('a file: its tests as a tree with markers and unescaped ids, exit 0', () => {
    const { code, stdout, stderr } = cli(['collect', 'basic/test_params.py', ...py]);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, -1), [
      'basic/test_params.py: 7 tests',
      '  test_value',
      '    [café]',
      '    [a::b]',
      '    [three]  (xfail: known bug)',
      '  test_numbers',
      '    [1]',
      '    [2]',
      '  TestParams',
      '    test_in_class',
      '      [[x]]',
      '      [y z]',
    ]);
    assert.match(lines.at(-1)!, /^Collected 7 tests from 1 file\. \[pytest 7\.2\.1, rootdir basic, basic\/pytest\.ini, \d+\.\d\d s\]$/);
  });

  it('a folder: errors at file:line with the failing import, then the files that collected; exit 1', () => {
    const { code, stdout } = cli(['collect', 'migration/tests', ...py]);
    assert.equal(code, 1);
    const lines = stdout.split('\n');
    assert.equal(
      lines[0],
      `migration/tests/test_heartbeat.py:3: ImportError: cannot import name 'HeartbeatConfig' from 'app.websocket_core.manager' (${join(FIXTURES, 'migration/app/websocket_core/manager.py')})`,
    );
    assert.equal(lines[1], '    from app.websocket_core.manager import HeartbeatConfig');
    assert.ok(lines.includes('    at migration/app/agents/planner.py:2 in <module>'), stdout);
    assert.ok(lines.includes('migration/tests/test_syntax.py:5:17: SyntaxError: invalid syntax'), stdout);
    assert.ok(lines.includes('migration/tests/test_ok.py: 2 tests'), stdout);
    assert.match(stdout, /6 of 7 test files could not be collected \(success rate 14%\); 2 tests collected from the others\./);
  });

  it('--format json: the runs with files, errors and the success rate', () => {
    const { code, stdout } = cli(['collect', 'migration/tests', 'basic/test_functions.py', '--format', 'json', ...py]);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.version, 1);
    assert.equal(report.status, 'errors');
    assert.equal(report.tests, 4);
    assert.equal(report.testFiles, 8);
    assert.equal(report.filesWithErrors, 6);
    assert.equal(report.successRate, 2 / 8);
    // one pytest run per rootdir
    assert.deepEqual(
      report.runs.map((r: { rootdir: string }) => r.rootdir),
      [join(FIXTURES, 'migration'), join(FIXTURES, 'basic')],
    );
    assert.equal(report.runs[0].errors[0].importLine.text, 'from app.websocket_core.manager import HeartbeatConfig');
  });

  it('nothing collected: exit 1 with the explanation', () => {
    const { code, stdout } = cli(['collect', 'no_tests/test_nothing.py', ...py]);
    assert.equal(code, 1);
    assert.match(stdout, /^no_tests\/test_nothing\.py: no tests\nNo tests in test_nothing\.py: pytest collects functions named test\*/);
  });

  it('could not run (broken conftest, configuration, missing interpreter or pytest): exit 2, the reason on stderr', () => {
    const conftest = cli(['collect', 'broken_conftest/tests', ...py]);
    assert.equal(conftest.code, 2);
    assert.equal(conftest.stdout, '');
    assert.match(conftest.stderr, /^error: pytest could not load conftest\.py:3 \(from app\.websocket_core\.manager import HeartbeatConfig/);
    assert.match(conftest.stderr, /\n {4}at broken_conftest\/conftest\.py:3 in <module>\n$/);

    const config = cli(['collect', 'unknown_option/tests', ...py]);
    assert.equal(config.code, 2);
    assert.match(config.stderr, /^error: pytest rejected its configuration in pyproject\.toml: unrecognized arguments: --cov=app/);

    const missing = cli(['collect', 'basic', '--python', '/nonexistent/python3']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: Python interpreter not found: \/nonexistent\/python3/);
  });

  it('usage errors: exit 2', () => {
    assert.equal(cli(['collect']).code, 2);
    assert.equal(cli(['collect', 'basic', '--timeout', 'soon']).code, 2);
    assert.equal(cli(['collect', 'basic', '--format', 'sarif']).code, 2);
    assert.equal(cli(['collect', 'basic', '--rule', 'x']).code, 2);
    assert.equal(cli(['check', '--python', 'python3']).code, 2);
    const missingPath = cli(['collect', 'no/such/file.py', ...py]);
    assert.equal(missingPath.code, 2);
    assert.match(missingPath.stderr, /no such file or folder/);
  });

  it('--timeout SECONDS: exit 2 with the reason, nothing left running', () => {
    const marker = randomUUID();
    const result = spawnSync(process.execPath, [...NODE_ARGS, 'collect', 'slow_conftest/test_slow.py', '--timeout', '1.5', ...py], {
      cwd: FIXTURES,
      encoding: 'utf8',
      env: { ...process.env, SSOT_TEST_MARKER: marker },
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: pytest did not finish collecting within 1\.5 s/);
    assert.deepEqual(processesWithMarker(`SSOT_TEST_MARKER=${marker}`), []);
  });

  it('Ctrl-C (SIGINT) cancels: pytest, which runs in its own process group, is stopped too; exit 130', async () => {
    const marker = randomUUID();
    const child = spawn(process.execPath, [...NODE_ARGS, 'collect', 'slow_conftest/test_slow.py', ...py], {
      cwd: FIXTURES,
      env: { ...process.env, SSOT_TEST_MARKER: marker },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // wait until pytest and the conftest's children run
    for (let i = 0; i < 100 && processesWithMarker(`SSOT_TEST_MARKER=${marker}`).length < 4; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(processesWithMarker(`SSOT_TEST_MARKER=${marker}`).length >= 4, 'node, pytest and two children should run');
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.deepEqual(processesWithMarker(`SSOT_TEST_MARKER=${marker}`), []);
  });
});
