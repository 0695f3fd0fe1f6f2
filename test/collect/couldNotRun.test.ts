/** When pytest cannot collect at all: explained in plain words, and nothing left running. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCollection, type CollectResult, type CouldNotRun } from '../../src/engine/collect';
import { installPytestCommand } from '../../src/engine/collect/interpreter';
import { FIXTURES, interpreters, majorVersion, processesWithMarker, SYSTEM_PYTHON } from './support';

function couldNotRun(result: CollectResult, reason: CouldNotRun['reason']): CouldNotRun {
  assert.equal(result.status, 'could-not-run', `expected ${reason}, got ${result.status}: ${result.message}`);
  assert.equal(result.reason, reason, result.message);
  return result;
}

const SLOW = join(FIXTURES, 'slow_conftest', 'test_slow.py');

/**
 * Runs the fixture whose conftest.py sleeps and starts a child process, with a marker in the
 * environment; returns the result, how many marked processes were seen while it ran, and how
 * many are left once runCollection has returned.
 */
async function runSlow(python: string, options: { timeoutMs?: number; cancelAfterMs?: number }) {
  const marker = `SSOT_TEST_MARKER=${randomUUID()}`;
  const controller = new AbortController();
  let seen = 0;
  const watch = setInterval(() => (seen = Math.max(seen, processesWithMarker(marker).length)), 100);
  const cancel = options.cancelAfterMs !== undefined ? setTimeout(() => controller.abort(), options.cancelAfterMs) : undefined;
  try {
    const result = await runCollection({
      python,
      paths: [SLOW],
      timeoutMs: options.timeoutMs ?? 60_000,
      signal: controller.signal,
      killGraceMs: 1000,
      env: { ...process.env, [marker.split('=')[0]!]: marker.split('=')[1]! },
    });
    return { result, seen, left: processesWithMarker(marker) };
  } finally {
    clearInterval(watch);
    clearTimeout(cancel);
  }
}

for (const interpreter of interpreters()) {
  describe(`pytest could not run, with ${interpreter.python} (pytest ${interpreter.pytest ?? 'MISSING'})`, function () {
    const { python } = interpreter;
    before(function () {
      assert.ok(interpreter.pytest, `${python} has no pytest: install it (apt-get install python3-pytest)`);
    });

    it('a broken conftest.py: which one, which line, which import', async () => {
      const root = join(FIXTURES, 'broken_conftest');
      const conftest = join(root, 'conftest.py');
      const result = couldNotRun(await runCollection({ python, paths: [join(root, 'tests', 'test_a.py')] }), 'conftest-error');
      assert.equal(result.cwd, root);
      assert.equal(result.inifile, join(root, 'setup.cfg'));
      assert.equal(result.detail?.file, conftest);
      assert.equal(result.detail?.type, 'ModuleNotFoundError');
      assert.equal(result.detail?.message, "No module named 'app'");
      assert.deepEqual(result.detail?.frames, [{ file: conftest, line: 3, function: '<module>' }]);
      assert.equal(
        result.message,
        "pytest could not load conftest.py:3 (from app.websocket_core.manager import HeartbeatConfig  # the package is not on sys.path): ModuleNotFoundError: No module named 'app'. No test under its folder can be collected until this conftest.py imports.",
      );
    });

    it('addopts = ["-p no:randomly"] in pyproject.toml: pytest 7 aborts, explained; pytest 8+ accepts it', async () => {
      const result = await runCollection({ python, paths: [join(FIXTURES, 'bad_addopts', 'tests')] });
      if (majorVersion(interpreter) >= 8) {
        assert.equal(result.status, 'ok', result.message);
        return;
      }
      const failed = couldNotRun(result, 'config-error');
      assert.equal(
        failed.message,
        `pytest rejected its configuration in pyproject.toml: ImportError: Error importing plugin " no:randomly": No module named ' no:randomly'. The -p option and its value arrived as one argument ("-p no:randomly"): in a TOML addopts array every option and its value must be separate strings, e.g. ["-p", "no:randomly"].`,
      );
    });

    it('an addopts option no installed plugin provides (--cov without pytest-cov)', async () => {
      const result = couldNotRun(await runCollection({ python, paths: [join(FIXTURES, 'unknown_option', 'tests')] }), 'config-error');
      assert.equal(
        result.message,
        `pytest rejected its configuration in pyproject.toml: unrecognized arguments: --cov=app --cov-report=term-missing. The option probably comes from addopts in pyproject.toml and belongs to a plugin that is not installed for ${python} (for example pytest-cov for --cov).`,
      );
      assert.match(result.stderr, /unrecognized arguments/);
    });

    it('--strict-config with an ini key no plugin declares', async () => {
      const result = couldNotRun(await runCollection({ python, paths: [join(FIXTURES, 'strict_config', 'tests')] }), 'config-error');
      assert.equal(
        result.message,
        `pytest rejected its configuration in tox.ini: Unknown config option: asyncio_mode. Strict configuration (--strict-config / strict_config) is on and tox.ini sets 'asyncio_mode', which no installed plugin declares: install that plugin for ${python} or remove the key.`,
      );
    });

    it('timeout: stopped after the limit, and no process of the run survives (pytest, and its conftest children, one ignoring SIGTERM)', async () => {
      const { result, seen, left } = await runSlow(python, { timeoutMs: 2000 });
      const failed = couldNotRun(result, 'timeout');
      assert.match(failed.message, /^pytest did not finish collecting within 2 s and was stopped, with every process it started\./);
      assert.ok(seen >= 3, `pytest and the two children of its conftest should have been seen running (saw ${seen})`);
      assert.deepEqual(left, []);
      assert.ok(failed.elapsedMs >= 2000 && failed.elapsedMs < 5000, `took ${failed.elapsedMs} ms`);
    });

    it('cancel: stops at once, and no process of the run survives', async () => {
      const { result, seen, left } = await runSlow(python, { cancelAfterMs: 1500 });
      const failed = couldNotRun(result, 'cancelled');
      assert.ok(seen >= 3, `saw ${seen}`);
      assert.deepEqual(left, []);
      assert.ok(failed.elapsedMs < 4000, `took ${failed.elapsedMs} ms`);
    });
  });
}

describe('pytest could not run: interpreters', function () {
  it('interpreter missing: a path that does not exist, or a command not on PATH', async () => {
    const byPath = couldNotRun(await runCollection({ python: '/nonexistent/bin/python3', paths: [join(FIXTURES, 'basic')] }), 'python-missing');
    assert.equal(byPath.message, "Python interpreter not found: /nonexistent/bin/python3 (no such file). Choose the interpreter of the project's environment (for example .venv/bin/python).");
    couldNotRun(await runCollection({ python: 'python3-that-does-not-exist', paths: [join(FIXTURES, 'basic')] }), 'python-missing');
  });

  it('pytest missing: an interpreter without it gets the command that installs it', async function () {
    // A real interpreter that lacks pytest: a virtual environment without pip or system packages.
    const dir = mkdtempSync(join(tmpdir(), 'ssot-venv-'));
    try {
      const venv = spawnSync(SYSTEM_PYTHON, ['-m', 'venv', '--without-pip', join(dir, 'venv')], { encoding: 'utf8' });
      assert.equal(venv.status, 0, venv.stderr);
      const python = join(dir, 'venv', 'bin', 'python');
      const result = couldNotRun(await runCollection({ python, paths: [join(FIXTURES, 'basic')] }), 'pytest-missing');
      assert.equal(result.installCommand, `${python} -m pip install pytest`);
      assert.equal(result.message, `pytest is not installed for ${python}. Install it with: ${python} -m pip install pytest (or choose the interpreter of the environment that has pytest).`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Debian's system Python is told to use apt (pip is refused there, PEP 668)", () => {
    assert.equal(installPytestCommand('/usr/bin/python3', process.env), 'apt-get install python3-pytest');
    assert.equal(installPytestCommand('/usr/bin/python3.11', process.env), 'apt-get install python3-pytest');
    assert.equal(installPytestCommand('/opt/venv/bin/python', process.env), '/opt/venv/bin/python -m pip install pytest');
    assert.equal(installPytestCommand('python3', { PATH: '/usr/bin' }), 'apt-get install python3-pytest');
  });
});
