/** findRootdir follows pytest's rules; the cross-check runs the real pytest from the folder found. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { findRootdir, runCollection, type Collected } from '../../src/engine/collect';
import { TempWorkspace } from '../support/tempWorkspace';
import { interpreters } from './support';

const TEST = 'def test_a():\n    pass\n';

describe('findRootdir (pytest rootdir rules)', function () {
  let ws: TempWorkspace;
  afterEach(() => ws?.dispose());

  // Every layout has a .git at the top, as a repository does, bounding the conftest search.
  const workspace = (files: Record<string, string>) => (ws = new TempWorkspace({ '.git/HEAD': 'ref: refs/heads/main\n', ...files }));

  it('pytest.ini wins over the other files of the same folder, even when empty', () => {
    workspace({ 'pytest.ini': '', 'pyproject.toml': '[tool.pytest.ini_options]\n', 'tests/test_a.py': TEST });
    assert.deepEqual(findRootdir(ws.path('tests/test_a.py')), { rootdir: ws.root, inifile: ws.path('pytest.ini'), reason: 'config-file' });
  });

  it('the nearest folder upwards with a config file wins', () => {
    workspace({ 'pytest.ini': '', 'sub/tox.ini': '[tox]\n\n[pytest]\naddopts = -q\n', 'sub/tests/test_a.py': TEST });
    assert.deepEqual(findRootdir(ws.path('sub/tests/test_a.py')), { rootdir: ws.path('sub'), inifile: ws.path('sub/tox.ini'), reason: 'config-file' });
  });

  it('tox.ini without [pytest], setup.cfg without [tool:pytest] and pyproject.toml without [tool.pytest…] are not config files', () => {
    workspace({
      'tox.ini': '[pytest]\n',
      'sub/tox.ini': '[tox]\nenvlist = py311\n',
      'sub/setup.cfg': '[metadata]\nname = x\n',
      'sub/pyproject.toml': '[tool.ruff]\nline-length = 100\n# pytest is mentioned only here\n',
      'sub/test_a.py': TEST,
    });
    assert.deepEqual(findRootdir(ws.path('sub/test_a.py')), { rootdir: ws.root, inifile: ws.path('tox.ini'), reason: 'config-file' });
  });

  it('setup.cfg with [tool:pytest]; pyproject.toml with [tool.pytest.ini_options]', () => {
    workspace({ 'a/setup.cfg': '[tool:pytest]\ntestpaths = tests\n', 'a/test_a.py': TEST, 'b/pyproject.toml': '[tool.pytest.ini_options]\naddopts = "-q"\n', 'b/test_b.py': TEST });
    assert.equal(findRootdir(ws.path('a/test_a.py')).inifile, ws.path('a/setup.cfg'));
    assert.equal(findRootdir(ws.path('b/test_b.py')).inifile, ws.path('b/pyproject.toml'));
  });

  it('no config file: the first pyproject.toml upwards (pytest ≥ 8.1), then setup.py', () => {
    workspace({ 'pyproject.toml': '[project]\nname = "x"\n', 'pkg/setup.py': '', 'pkg/tests/test_a.py': TEST });
    assert.deepEqual(findRootdir(ws.path('pkg/tests/test_a.py')), { rootdir: ws.root, inifile: ws.path('pyproject.toml'), reason: 'pyproject' });
    ws.dispose();
    workspace({ 'pkg/setup.py': '', 'pkg/tests/test_a.py': TEST });
    assert.deepEqual(findRootdir(ws.path('pkg/tests/test_a.py')), { rootdir: ws.path('pkg'), inifile: null, reason: 'setup.py' });
  });

  it('no config file nor setup.py: the topmost conftest.py up to the repository top, so every conftest applies', () => {
    workspace({ 'conftest.py': '', 'tests/conftest.py': '', 'tests/unit/test_a.py': TEST });
    assert.deepEqual(findRootdir(ws.path('tests/unit/test_a.py')), { rootdir: ws.root, inifile: null, reason: 'conftest' });
    assert.deepEqual(findRootdir(ws.path('tests/unit/test_a.py'), { stopAt: ws.path('tests') }), { rootdir: ws.path('tests'), inifile: null, reason: 'conftest' });
  });

  it('nothing at all: the common ancestor of the paths', () => {
    workspace({ 'a/test_a.py': TEST, 'a/b/test_b.py': TEST, 'a/c/test_c.py': TEST });
    assert.deepEqual(findRootdir([ws.path('a/b/test_b.py'), ws.path('a/c/test_c.py')]), { rootdir: ws.path('a'), inifile: null, reason: 'ancestor' });
    assert.deepEqual(findRootdir(ws.path('a/b')), { rootdir: ws.path('a/b'), inifile: null, reason: 'ancestor' });
  });

  it('an unparsable pyproject.toml that mentions pytest counts: pytest stops on it, and says so from that folder', () => {
    workspace({ 'pyproject.toml': '[tool.pytest.ini_options\naddopts = "-q"\n', 'test_a.py': TEST });
    assert.equal(findRootdir(ws.path('test_a.py')).inifile, ws.path('pyproject.toml'));
  });
});

for (const interpreter of interpreters()) {
  describe(`findRootdir agrees with pytest ${interpreter.pytest ?? 'MISSING'} (${interpreter.python})`, function () {
    let ws: TempWorkspace;
    afterEach(() => ws?.dispose());
    const layouts: Record<string, Record<string, string>> = {
      'pytest.ini above a pyproject.toml without pytest settings': { 'pytest.ini': '[pytest]\n', 'sub/pyproject.toml': '[tool.black]\n', 'sub/tests/test_a.py': TEST },
      'setup.cfg [tool:pytest]': { 'setup.cfg': '[tool:pytest]\n', 'tests/test_a.py': TEST },
      'setup.py': { 'setup.py': '', 'tests/test_a.py': TEST },
      'conftest.py only': { '.git/HEAD': '', 'conftest.py': '', 'tests/unit/test_a.py': TEST },
    };
    for (const [name, files] of Object.entries(layouts)) {
      it(name, async () => {
        ws = new TempWorkspace(files);
        const test = join(ws.root, Object.keys(files).find((f) => f.endsWith('test_a.py'))!);
        const found = findRootdir(test);
        const result = await runCollection({ python: interpreter.python, paths: [test] });
        assert.notEqual(result.status, 'could-not-run', result.message);
        assert.equal((result as Collected).rootdir, found.rootdir);
        assert.equal((result as Collected).inifile, found.inifile);
      });
    }
  });
}
