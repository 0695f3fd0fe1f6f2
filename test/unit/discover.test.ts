import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { discoverPythonFiles } from '../../src/engine/workspace/discover';

/** Creates `files` (POSIX paths relative to `base`; a value is the content). */
function tree(base: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(base, ...rel.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

describe('discoverPythonFiles', () => {
  let tmp: string;
  let root: string;
  let outside: string;
  const locked: string[] = [];

  /** Discovered files relative to `root` (POSIX), and what was reported unreadable. */
  async function discover(paths: string[], base = root) {
    const unreadable: string[] = [];
    const files = await discoverPythonFiles(base, paths, {
      onUnreadable: (p, reason) => unreadable.push(`${relative(base, p).split(sep).join('/')}: ${reason}`),
    });
    return { files: files.map((f) => relative(base, f).split(sep).join('/')), unreadable };
  }

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ssot-discover-'));
    root = join(tmp, 'ws');
    outside = join(tmp, 'elsewhere');
    tree(root, {
      '.gitignore': '# generated\nbuild/\n*.gen.py\n/top_only.py\nout/\n',
      'a.py': '',
      'stub.pyi': '',
      'notes.txt': '',
      'setup.cfg': '',
      'top_only.py': '',
      'x.gen.py': '',
      'build/b.py': '',
      'pkg/.gitignore': 'local.py\n!keep.gen.py\nsub/deep/\n!out/\r\n',
      'pkg/__init__.py': '',
      'pkg/top_only.py': '',
      'pkg/y.gen.py': '',
      'pkg/keep.gen.py': '',
      'pkg/local.py': '',
      'pkg/out/o.py': '',
      'pkg/sub/local.py': '',
      'pkg/sub/ok.py': '',
      'pkg/sub/deep/z.py': '',
      'other/local.py': '',
      'other/build/c.py': '',
      'out/o.py': '',
      'weird[1]/.gitignore': '*.py\n!keep.py\n',
      'weird[1]/drop.py': '',
      'weird[1]/keep.py': '',
      'weird1/drop.py': '',
      '!bang/.gitignore': 'drop.py\n',
      '!bang/drop.py': '',
      '!bang/ok.py': '',
      'node_modules/m/m.py': '',
      '__pycache__/c.py': '',
      '.git/hooks/h.py': '',
      '.tox/py312/t.py': '',
      '.mypy_cache/m.py': '',
      'venv/lib/v.py': '',
      '.venv/lib/v.py': '',
      'myenv/pyvenv.cfg': 'home = /usr/bin\n',
      'myenv/e.py': '',
      'myenv/lib/python3.12/site-packages/s.py': '',
      'lib/site-packages/s.py': '',
      'nested/inner/pyvenv.cfg': '',
      'nested/inner/i.py': '',
      'nested/n.py': '',
    });
    symlinkSync('..', join(root, 'pkg', 'loop')); // directory symlink cycle
    symlinkSync(root, join(root, 'self'));
    symlinkSync('a.py', join(root, 'link_to_a.py'));
    symlinkSync('missing.py', join(root, 'dangling.py'));
    tree(outside, { '.gitignore': 'skip.py\n', 'e.py': '', 'skip.py': '', 'node_modules/n.py': '' });
  });

  after(() => {
    for (const p of locked) chmodSync(p, 0o755);
    rmSync(tmp, { recursive: true, force: true });
  });

  const everything = [
    '!bang/ok.py',
    'a.py',
    'link_to_a.py',
    'nested/n.py',
    'other/local.py',
    'pkg/__init__.py',
    'pkg/keep.gen.py',
    'pkg/out/o.py',
    'pkg/sub/ok.py',
    'pkg/top_only.py',
    'stub.pyi',
    'weird1/drop.py',
    'weird[1]/keep.py',
  ];

  it('walks the root, honouring nested .gitignore files and skipping tool and virtualenv directories', async () => {
    assert.deepEqual(await discover(['.']), { files: everything, unreadable: [] });
  });

  it('walks the root when given no paths', async () => {
    assert.deepEqual(await discover([]), { files: everything, unreadable: [] });
  });

  it('returns each file once for overlapping paths', async () => {
    assert.deepEqual(await discover(['pkg', '.', 'a.py', join(root, 'pkg', 'sub')]), { files: everything, unreadable: [] });
  });

  it('returns a file given explicitly whatever ignores or skips it', async () => {
    const given = ['build/b.py', 'node_modules/m/m.py', 'x.gen.py', 'pkg/local.py', 'notes.txt', 'myenv/e.py'];
    assert.deepEqual(await discover(given), {
      files: ['build/b.py', 'myenv/e.py', 'node_modules/m/m.py', 'notes.txt', 'pkg/local.py', 'x.gen.py'],
      unreadable: [],
    });
  });

  it('applies the .gitignore files above a subdirectory given explicitly', async () => {
    assert.deepEqual(await discover(['pkg/sub']), { files: ['pkg/sub/ok.py'], unreadable: [] });
    assert.deepEqual(await discover([join(root, 'other')]), { files: ['other/local.py'], unreadable: [] });
  });

  it('walks an ignored or skipped directory given explicitly, still filtering inside it', async () => {
    assert.deepEqual(await discover(['build']), { files: ['build/b.py'], unreadable: [] });
    assert.deepEqual(await discover(['myenv']), { files: ['myenv/e.py'], unreadable: [] });
    assert.deepEqual(await discover(['node_modules']), { files: ['node_modules/m/m.py'], unreadable: [] });
  });

  it('walks a directory outside the root with its own .gitignore', async () => {
    assert.deepEqual(await discover([outside]), { files: ['../elsewhere/e.py'], unreadable: [] });
  });

  it('reports a missing path instead of throwing', async () => {
    assert.deepEqual(await discover(['nope', 'a.py']), {
      files: ['a.py'],
      unreadable: ['nope: ENOENT: no such file or directory'],
    });
  });

  it('reports a .gitignore it cannot read and walks on', async () => {
    const base = join(tmp, 'badignore');
    tree(base, { 'x.py': '', 'sub/y.py': '' });
    symlinkSync('.gitignore', join(base, 'sub', '.gitignore')); // ELOOP, even for root
    assert.deepEqual(await discover([], base), {
      files: ['sub/y.py', 'x.py'],
      unreadable: ['sub/.gitignore: ELOOP: too many symbolic links encountered'],
    });
  });

  it('reports a directory it cannot read and walks on', async () => {
    const base = join(tmp, 'locked');
    tree(base, { 'x.py': '', 'secret/s.py': '' });
    const secret = join(base, 'secret');
    chmodSync(secret, 0o000);
    locked.push(secret);
    let denied = false;
    try {
      readdirSync(secret);
    } catch {
      denied = true;
    }
    // Root reads a mode-000 directory anyway, and then so must we.
    assert.deepEqual(
      await discover([], base),
      denied
        ? { files: ['x.py'], unreadable: ['secret: EACCES: permission denied'] }
        : { files: ['secret/s.py', 'x.py'], unreadable: [] },
    );
  });
});
