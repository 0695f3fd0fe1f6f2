/** The collected tree, from real pytest processes, with every interpreter on the machine. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { leaves, pluginDir, runCollection, type TestNode } from '../../src/engine/collect';
import { TempWorkspace } from '../support/tempWorkspace';
import { collected, FIXTURES, interpreters, snapshot } from './support';

const BASIC = join(FIXTURES, 'basic');

/** name → node, for the children of a node (or the roots). */
function byName(nodes: readonly TestNode[]): Record<string, TestNode> {
  return Object.fromEntries(nodes.map((n) => [n.name, n]));
}

for (const interpreter of interpreters()) {
  describe(`collected tree with ${interpreter.python} (pytest ${interpreter.pytest ?? 'MISSING'})`, function () {
    const { python } = interpreter;
    before(function () {
      assert.ok(interpreter.pytest, `${python} has no pytest: install it (apt-get install python3-pytest)`);
    });

    it('plain functions: a module with its functions, 1-based lines, rootdir and inifile from pytest.ini', async () => {
      const file = join(BASIC, 'test_functions.py');
      const result = collected(await runCollection({ python, paths: [file] }));
      assert.equal(result.status, 'ok');
      assert.equal(result.rootdir, BASIC);
      assert.equal(result.cwd, BASIC);
      assert.equal(result.inifile, join(BASIC, 'pytest.ini'));
      assert.equal(result.pytestVersion, interpreter.pytest);
      assert.equal(result.testCount, 2);
      assert.equal(result.message, 'Collected 2 tests from 1 file.');
      assert.deepEqual(result.tree, [
        {
          kind: 'module',
          name: 'test_functions.py',
          nodeid: 'test_functions.py',
          file,
          line: 1,
          children: [
            { kind: 'function', name: 'test_one', nodeid: 'test_functions.py::test_one', file, line: 5, children: [], markers: [] },
            { kind: 'function', name: 'test_two', nodeid: 'test_functions.py::test_two', file, line: 9, children: [], markers: [] },
          ],
        },
      ]);
      assert.deepEqual(result.files, [{ file, nodeid: 'test_functions.py', tests: 2, errors: [] }]);
      assert.equal(result.successRate, 1);
    });

    it('classes: methods, nested classes and class markers; a class not named Test* is not collected', async () => {
      const result = collected(await runCollection({ python, paths: [join(BASIC, 'test_classes.py')] }));
      const module = byName(result.tree)['test_classes.py']!;
      assert.deepEqual(Object.keys(byName(module.children)), ['TestGreeting', 'TestDecorated']);
      const greeting = byName(module.children)['TestGreeting']!;
      assert.equal(greeting.kind, 'class');
      assert.equal(greeting.line, 4);
      assert.deepEqual(
        greeting.children.map((c) => [c.kind, c.nodeid, c.line]),
        [
          ['function', 'test_classes.py::TestGreeting::test_hello', 5],
          ['function', 'test_classes.py::TestGreeting::test_bye', 8],
          ['class', 'test_classes.py::TestGreeting::TestNested', 11],
        ],
      );
      assert.equal(greeting.children[2]!.children[0]!.nodeid, 'test_classes.py::TestGreeting::TestNested::test_inner');
      // a decorated class is reported at its first decorator, as Python does for functions
      assert.equal(byName(module.children)['TestDecorated']!.line, 16);
      assert.equal(result.testCount, 4);
    });

    it('parametrize: items grouped under their function; ids with unicode and `::` kept exactly', async () => {
      const file = join(BASIC, 'test_params.py');
      const result = collected(await runCollection({ python, paths: [file] }));
      const module = result.tree[0]!;
      const value = byName(module.children)['test_value']!;
      assert.equal(value.kind, 'function');
      assert.equal(value.nodeid, 'test_params.py::test_value');
      assert.deepEqual(
        value.children.map((c) => ({ kind: c.kind, name: c.name, nodeid: c.nodeid, param: c.param, label: c.label, markers: c.markers })),
        [
          // pytest escapes non-ASCII ids; the label is the id as written, for display
          { kind: 'param', name: 'test_value[caf\\xe9]', nodeid: 'test_params.py::test_value[caf\\xe9]', param: 'caf\\xe9', label: 'café', markers: [] },
          { kind: 'param', name: 'test_value[a::b]', nodeid: 'test_params.py::test_value[a::b]', param: 'a::b', label: undefined, markers: [] },
          { kind: 'param', name: 'test_value[three]', nodeid: 'test_params.py::test_value[three]', param: 'three', label: undefined, markers: [{ name: 'xfail', reason: 'known bug' }] },
        ],
      );
      const inClass = byName(byName(module.children)['TestParams']!.children)['test_in_class']!;
      assert.deepEqual(
        inClass.children.map((c) => c.param),
        ['[x]', 'y z'],
      );
      assert.equal(inClass.children[0]!.nodeid, 'test_params.py::TestParams::test_in_class[[x]]');
      assert.equal(result.testCount, 7);
      assert.equal([...leaves(result.tree)].length, 7);
    });

    it('markers: skip, skipif and xfail with their reasons; a class skip applies to its methods', async () => {
      const result = collected(await runCollection({ python, paths: [join(BASIC, 'test_markers.py')] }));
      const markers = Object.fromEntries([...leaves(result.tree)].map((leaf) => [leaf.nodeid.split('::').slice(1).join('::'), leaf.markers]));
      assert.deepEqual(markers, {
        test_skipped: [{ name: 'skip', reason: 'not ready' }],
        test_skipif: [{ name: 'skipif', reason: 'platform' }],
        test_xfail: [{ name: 'xfail', reason: 'bug #12' }],
        'TestSkippedClass::test_inside': [{ name: 'skip', reason: 'positional reason' }],
        test_plain: [],
      });
    });

    it('packages: one node per folder with an __init__.py, the same with pytest 7 and 8+', async () => {
      const ws = new TempWorkspace({ 'pytest.ini': '[pytest]\n', 'tests/__init__.py': '', 'tests/plain/unit/__init__.py': '', 'tests/plain/unit/test_a.py': 'def test_a():\n    pass\n' });
      try {
        const result = collected(await runCollection({ python, paths: [ws.path('tests/plain/unit/test_a.py')] }));
        const outline = (nodes: readonly TestNode[]): unknown[] => nodes.map((n) => [n.kind, n.nodeid, n.file, ...outline(n.children)]);
        assert.deepEqual(outline(result.tree), [
          [
            'package',
            'tests',
            ws.path('tests'),
            ['package', 'tests/plain/unit', ws.path('tests/plain/unit'), ['module', 'tests/plain/unit/test_a.py', ws.path('tests/plain/unit/test_a.py'), ['function', 'tests/plain/unit/test_a.py::test_a', ws.path('tests/plain/unit/test_a.py')]]],
          ],
        ]);
        assert.deepEqual(
          result.files.map((f) => [f.nodeid, f.tests]),
          [['tests/plain/unit/test_a.py', 1]],
        );
      } finally {
        ws.dispose();
      }
    });

    it('node ids are exactly the ones bare `pytest --collect-only -q` prints', async () => {
      const result = collected(await runCollection({ python, paths: [BASIC] }));
      // bare pytest runs on a copy: its plugins may write into the folder (pytest-benchmark does)
      const copy = new TempWorkspace();
      cpSync(BASIC, copy.root, { recursive: true });
      const bare = spawnSync(python, ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider'], {
        cwd: copy.root,
        encoding: 'utf8',
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      });
      copy.dispose();
      const printed = bare.stdout.split('\n').filter((l) => l.includes('::'));
      assert.equal(printed.length, 18);
      assert.deepEqual([...leaves(result.tree)].map((l) => l.nodeid).sort(), printed.sort());
    });

    it('a file without tests: no-tests, explained with what pytest looks for', async () => {
      const result = collected(await runCollection({ python, paths: [join(FIXTURES, 'no_tests', 'test_nothing.py')] }));
      assert.equal(result.status, 'no-tests');
      assert.equal(result.testCount, 0);
      assert.deepEqual(result.tree, []);
      assert.equal(
        result.message,
        'No tests in test_nothing.py: pytest collects functions named test* at module level or in classes named Test* without an __init__ method, and found none.',
      );
      assert.deepEqual(
        result.files.map((f) => [f.nodeid, f.tests]),
        [['test_nothing.py', 0]],
      );
    });

    it('a folder: every file with its count, files without tests before the others', async () => {
      const result = collected(await runCollection({ python, paths: [BASIC] }));
      assert.equal(result.status, 'ok');
      assert.deepEqual(
        result.files.map((f) => [f.nodeid, f.tests]),
        [
          ['test_empty.py', 0],
          ['test_classes.py', 4],
          ['test_functions.py', 2],
          ['test_markers.py', 5],
          ['test_params.py', 7],
        ],
      );
      assert.equal(result.successRate, 1);
      assert.equal(result.message, 'Collected 18 tests from 5 files.');
    });

    it('writes nothing into the project (no __pycache__, no .pytest_cache) nor next to the plugin', async () => {
      const before = [snapshot(FIXTURES), snapshot(pluginDir())];
      collected(await runCollection({ python, paths: [BASIC] }));
      collected(await runCollection({ python, paths: [join(FIXTURES, 'migration', 'tests')] }));
      assert.deepEqual([snapshot(FIXTURES), snapshot(pluginDir())], before);
    });

    it('nor a report file that addopts asks for (--junitxml), nor pytest-benchmark storage', async () => {
      const ws = new TempWorkspace({ 'pytest.ini': '[pytest]\naddopts = --junitxml=report.xml\n', 'test_a.py': 'def test_a():\n    pass\n' });
      try {
        const before = snapshot(ws.root);
        assert.equal(collected(await runCollection({ python, paths: [ws.path('test_a.py')] })).status, 'ok');
        assert.deepEqual(snapshot(ws.root), before);
      } finally {
        ws.dispose();
      }
    });
  });
}
