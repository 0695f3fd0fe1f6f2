import { strict as assert } from 'node:assert';
import { relative } from 'node:path';
import { relativePosix } from '../../src/cli/report';
import { moduleOfFile } from '../../src/engine/modules';

describe('moduleOfFile', () => {
  const of = (file: string, roots: string[]) => moduleOfFile(file, roots);

  it('names modules and packages from the deepest root that holds the file', () => {
    assert.deepEqual(of('/w/src/pkg/mod.py', ['/w', '/w/src']), { name: 'pkg.mod', isPackage: false });
    assert.deepEqual(of('/w/src/pkg/__init__.py', ['/w/src']), { name: 'pkg', isPackage: true });
    assert.deepEqual(of('/w/src/pkg/mod.pyi', ['/w/src']), { name: 'pkg.mod', isPackage: false });
    assert.deepEqual(of('/w/tests/test_a.py', ['/w/src', '/w']), { name: 'tests.test_a', isPackage: false });
  });

  it('undefined outside every root, for a root itself, and for segments that are no identifiers', () => {
    assert.equal(of('/elsewhere/a.py', ['/w/src']), undefined);
    assert.equal(of('/w/srcx/a.py', ['/w/src']), undefined);
    assert.equal(of('/w/src/__init__.py', ['/w/src']), undefined);
    assert.equal(of('/w/src/my.pkg/a.py', ['/w/src']), undefined);
  });

  it('paths that are not plain (dot segments, a trailing slash, the root /) resolve as path.relative does', () => {
    assert.deepEqual(of('/w/src/../src/pkg/a.py', ['/w/src']), { name: 'pkg.a', isPackage: false });
    assert.deepEqual(of('/w/other/../src/a.py', ['/w/src']), { name: 'a', isPackage: false });
    assert.deepEqual(of('/w/src/./a.py', ['/w/src']), { name: 'a', isPackage: false });
    assert.deepEqual(of('/w/src/a.py', ['/w/src/']), { name: 'a', isPackage: false });
    assert.deepEqual(of('/a.py', ['/']), { name: 'a', isPackage: false });
    assert.deepEqual(of('/w/.hidden/a.py', ['/w']), undefined);
    assert.deepEqual(of('/w/src/a.py', ['/w/./src']), { name: 'a', isPackage: false });
  });
});

describe('relativePosix', () => {
  it('is path.relative in POSIX form, for plain paths and for the rest', () => {
    const cases: [string, string][] = [
      ['/w', '/w/app/main.py'],
      ['/w', '/w'],
      ['/', '/a/b.py'],
      ['/w', '/wx/a.py'],
      ['/w', '/elsewhere/a.py'],
      ['/w/', '/w/a.py'],
      ['/w', '/w/.hidden/a.py'],
      ['/w', '/w/src/../a.py'],
      ['/w/./x', '/w/x/a.py'],
      ['/w', '/w//a.py'],
    ];
    for (const [root, file] of cases) assert.equal(relativePosix(root, file), relative(root, file), `${root} ${file}`);
  });
});
