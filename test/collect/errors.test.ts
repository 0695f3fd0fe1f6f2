/** Collection errors as first-class results, from real pytest processes. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { runCollection } from '../../src/engine/collect';
import { collected, FIXTURES, interpreters, majorVersion } from './support';

const ROOT = join(FIXTURES, 'migration');
const TESTS = join(ROOT, 'tests');
const MANAGER = join(ROOT, 'app', 'websocket_core', 'manager.py');

for (const interpreter of interpreters()) {
  describe(`collection errors with ${interpreter.python} (pytest ${interpreter.pytest ?? 'MISSING'})`, function () {
    const { python } = interpreter;
    before(function () {
      assert.ok(interpreter.pytest, `${python} has no pytest: install it (apt-get install python3-pytest)`);
    });

    it('ImportError of a deprecated path: type, message, frame and the failing import line', async () => {
      const file = join(TESTS, 'test_heartbeat.py');
      const result = collected(await runCollection({ python, paths: [file] }));
      assert.equal(result.status, 'errors');
      assert.equal(result.rootdir, ROOT);
      assert.equal(result.inifile, join(ROOT, 'pyproject.toml'));
      const { text, ...error } = result.errors[0]!;
      assert.deepEqual(error, {
        nodeid: 'tests/test_heartbeat.py',
        file,
        type: 'ImportError',
        message: `cannot import name 'HeartbeatConfig' from 'app.websocket_core.manager' (${MANAGER})`,
        module: 'app.websocket_core.manager',
        frames: [{ file, line: 3, function: '<module>' }],
        importLine: { line: 3, endLine: 3, text: 'from app.websocket_core.manager import HeartbeatConfig' },
      });
      assert.match(text!, /ImportError while importing test module/);
      assert.equal(result.message, `tests/test_heartbeat.py could not be collected: ImportError: cannot import name 'HeartbeatConfig' from 'app.websocket_core.manager' (${MANAGER})`);
      assert.deepEqual(result.files, [{ file, nodeid: 'tests/test_heartbeat.py', tests: 0, errors: result.errors }]);
      assert.equal(result.successRate, 0);
    });

    it('a parenthesised multi-line import is reported from its first line, with all its lines', async () => {
      const result = collected(await runCollection({ python, paths: [join(TESTS, 'test_websocket_manager.py')] }));
      assert.deepEqual(result.errors[0]!.importLine, {
        line: 4,
        endLine: 7,
        text: 'from app.websocket_core.manager import (\n    WebSocketManager,\n    HeartbeatConfig,\n)',
      });
    });

    it('an import that fails further down: the project frames, and the test file line that started it', async () => {
      const file = join(TESTS, 'test_indirect.py');
      const error = collected(await runCollection({ python, paths: [file] })).errors[0]!;
      assert.equal(error.type, 'ImportError');
      assert.deepEqual(error.frames, [
        { file, line: 3, function: '<module>' },
        { file: join(ROOT, 'app', 'agents', 'planner.py'), line: 2, function: '<module>' },
      ]);
      assert.deepEqual(error.importLine, { line: 3, endLine: 3, text: 'from app.agents.planner import plan' });
    });

    it('ModuleNotFoundError names the missing module', async () => {
      const error = collected(await runCollection({ python, paths: [join(TESTS, 'test_registry.py')] })).errors[0]!;
      assert.equal(error.type, 'ModuleNotFoundError');
      assert.equal(error.message, "No module named 'app.agents.registry'");
      assert.equal(error.module, 'app.agents.registry');
      assert.deepEqual(error.importLine, { line: 1, endLine: 1, text: 'import app.agents.registry' });
    });

    it('SyntaxError: where the parser stopped, with the line', async () => {
      const file = join(TESTS, 'test_syntax.py');
      const error = collected(await runCollection({ python, paths: [file] })).errors[0]!;
      assert.equal(error.type, 'SyntaxError');
      assert.equal(error.message, 'invalid syntax');
      assert.equal(error.location?.file, file);
      assert.equal(error.location?.line, 5);
      assert.equal(error.location?.text, 'def test_broken(:');
      assert.equal(error.importLine, undefined);
    });

    it('any other exception at import: qualified type, message and frames, no import line', async () => {
      const file = join(TESTS, 'test_settings.py');
      const error = collected(await runCollection({ python, paths: [file] })).errors[0]!;
      assert.equal(error.type, 'ValueError');
      assert.equal(error.message, 'DATABASE_URL is not set');
      assert.deepEqual(error.frames, [
        { file, line: 3, function: '<module>' },
        { file: join(ROOT, 'app', 'settings.py'), line: 2, function: 'load' },
      ]);
      assert.equal(error.importLine, undefined);
    });

    it("a conftest.py below the collected folder that fails: an error on that conftest, not a failed run", async () => {
      const root = join(FIXTURES, 'nested_conftest');
      const conftest = join(root, 'tests', 'sub', 'conftest.py');
      const result = collected(await runCollection({ python, paths: [join(root, 'tests')] }));
      assert.equal(result.status, 'errors');
      const error = result.errors[0]!;
      assert.equal(error.file, conftest);
      assert.equal(error.type, 'ModuleNotFoundError');
      assert.deepEqual(error.importLine, { line: 2, endLine: 2, text: 'import fixtures_that_moved  # noqa: F401' });
      assert.equal(result.files[0]!.file, conftest);
      // pytest 7 stops the whole collection at that conftest; pytest 8+ collects the folders beside it
      assert.equal(result.testCount, majorVersion(interpreter) >= 8 ? 1 : 0);
    });

    it('a folder: per-file results worst first, the tests of the files that did collect, and the success rate', async () => {
      const result = collected(await runCollection({ python, paths: [TESTS] }));
      assert.equal(result.status, 'errors');
      assert.deepEqual(
        result.files.map((f) => [f.nodeid, f.tests, f.errors.map((e) => e.type)]),
        [
          ['tests/test_heartbeat.py', 0, ['ImportError']],
          ['tests/test_indirect.py', 0, ['ImportError']],
          ['tests/test_registry.py', 0, ['ModuleNotFoundError']],
          ['tests/test_settings.py', 0, ['ValueError']],
          ['tests/test_syntax.py', 0, ['SyntaxError']],
          ['tests/test_websocket_manager.py', 0, ['ImportError']],
          ['tests/test_ok.py', 2, []],
        ],
      );
      assert.equal(result.testCount, 2);
      assert.equal(result.successRate, 1 / 7);
      assert.equal(result.message, '6 of 7 test files could not be collected (success rate 14%); 2 tests collected from the others.');
    });
  });
}
