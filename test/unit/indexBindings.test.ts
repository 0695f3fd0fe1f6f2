import { strict as assert } from 'node:assert';
import { moduleBindings, type ModuleBindings } from '../../src/engine/index/bindings';
import type { FileModule } from '../../src/engine/modules';
import { createPythonParser, type PythonParser } from '../../src/engine/python/parser';

describe('index: module-level bindings', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });
  after(() => parser.delete());

  const PKG_MODULE: FileModule = { name: 'pkg.mod', isPackage: false };

  function bindingsOf(text: string, fileModule: FileModule = PKG_MODULE): ModuleBindings {
    const tree = parser.parse(text);
    try {
      return moduleBindings(tree, fileModule);
    } finally {
      tree.delete();
    }
  }

  /** `name kind line [<- module:name]` of each binding, in source order. */
  function describe_(text: string, fileModule?: FileModule): string[] {
    return bindingsOf(text, fileModule).bindings.map(
      (b) => `${b.name} ${b.kind} ${b.line}${b.from ? ` <- ${b.from.module}${b.from.name !== undefined ? `:${b.from.name}` : ''}` : ''}`,
    );
  }

  /** Just the bound names, sorted. */
  const names = (text: string): string[] => [...new Set(bindingsOf(text).bindings.map((b) => b.name))].sort();

  it('binds def, async def and classes, decorated or not', () => {
    const text = ['def f():', '    pass', 'async def g():', '    pass', 'class C:', '    pass', '@dec', 'class D:', '    pass', '@a.b(1)', '@c', 'async def h(): pass', ''].join('\n');
    assert.deepEqual(describe_(text), ['f def 1', 'g async def 3', 'C class 5', 'D class 8', 'h async def 12']);
  });

  it('binds assignment targets: plain, unpacked, starred, chained, augmented and annotated', () => {
    const text = [
      'a = 1',
      'b, (c, *d) = [e, f] = g = 1, (2, 3)',
      'h += 1',
      'i: int',
      'j: int = 2',
      '(k) = 1',
      '[l, *m] = x',
      'x.attr = 1',
      'x[0] = 2',
      '',
    ].join('\n');
    assert.deepEqual(describe_(text), [
      'a assignment 1',
      'b assignment 2',
      'c assignment 2',
      'd assignment 2',
      'e assignment 2',
      'f assignment 2',
      'g assignment 2',
      'h assignment 3',
      'i annotation 4',
      'j assignment 5',
      'k assignment 6',
      'l assignment 7',
      'm assignment 7',
    ]);
  });

  it('binds for targets, with … as targets and except … as names', () => {
    const text = [
      'for i, (j, k) in pairs:',
      '    inner = 1',
      'else:',
      '    after_for = 2',
      'with open(a) as fa, open(b) as (fb, fc):',
      '    pass',
      'with (open(a) as pa, open(b) as pb):',
      '    pass',
      'try:',
      '    pass',
      'except (ValueError, KeyError) as err:',
      '    pass',
      'except* OSError as group:',
      '    pass',
      '',
    ].join('\n');
    assert.deepEqual(describe_(text), [
      'i for 1',
      'j for 1',
      'k for 1',
      'inner assignment 2',
      'after_for assignment 4',
      'fa with 5',
      'fb with 5',
      'fc with 5',
      'pa with 7',
      'pb with 7',
      'err except 11',
      'group except 13',
    ]);
  });

  it('binds imports as Python does, with the absolute source of each', () => {
    const text = [
      'import os',
      'import a.b.c',
      'import a.b as ab',
      'from m import x, y as z',
      'from . import sibling',
      'from .sub import deep as d',
      'from ..up import far',
      'from __future__ import annotations',
      '',
    ].join('\n');
    assert.deepEqual(describe_(text, { name: 'pkg.sub2.mod', isPackage: false }), [
      'os import 1 <- os',
      'a import 2 <- a',
      'ab import 3 <- a.b',
      'x import 4 <- m:x',
      'z import 4 <- m:y',
      'sibling import 5 <- pkg.sub2:sibling',
      'd import 6 <- pkg.sub2.sub:deep',
      'far import 7 <- pkg.up:far',
    ]);
  });

  it("resolves a package's relative imports from the package itself", () => {
    assert.deepEqual(describe_('from .a import X\nfrom . import b\n', { name: 'pkg', isPackage: true }), ['X import 1 <- pkg.a:X', 'b import 2 <- pkg:b']);
  });

  it('records no source for a relative import that climbs above the root', () => {
    assert.deepEqual(describe_('from ... import x\n', { name: 'top', isPackage: false }), ['x import 1']);
  });

  it('binds the names of module-level if / elif / else / try / except / else / finally / while / with / match blocks, recursively', () => {
    const text = [
      'if TYPE_CHECKING:',
      '    from typing import Protocol',
      'elif sys.version_info >= (3, 11):',
      '    import tomllib as toml',
      'else:',
      '    try:',
      '        from tomli import loads',
      '    except ImportError:',
      '        loads = None',
      '    else:',
      '        tried = True',
      '    finally:',
      '        cleanup = 1',
      'while False:',
      '    w = 1',
      'with ctx():',
      '    if x:',
      '        nested_deep = 1',
      'match command:',
      '    case "go":',
      '        went = True',
      '',
    ].join('\n');
    assert.deepEqual(names(text), ['Protocol', 'cleanup', 'loads', 'nested_deep', 'toml', 'tried', 'w', 'went']);
  });

  it('ignores names bound inside def and class bodies, imports included', () => {
    const text = [
      'def f():',
      '    local = 1',
      '    import json',
      '    from os import path',
      'class C:',
      '    attr = 1',
      '    from typing import List',
      '    def method(self):',
      '        from collections import deque',
      '@decorator',
      'def g():',
      '    import inner',
      'if True:',
      '    def h():',
      '        import deeper',
      'top = 1',
      '',
    ].join('\n');
    assert.deepEqual(names(text), ['C', 'f', 'g', 'h', 'top']);
  });

  it('binds walrus targets in module-level expressions and conditions', () => {
    assert.deepEqual(names('(a := 1)\nif (m := match()):\n    pass\nwhile (n := next_one()):\n    pass\n'), ['a', 'm', 'n']);
  });

  it('binds PEP 695 type aliases', () => {
    assert.deepEqual(describe_('type Vector = list[float]\n'), ['Vector type 1']);
  });

  it('lists one binding per name and kind: the first', () => {
    assert.deepEqual(describe_('x = 1\nx = 2\nfrom m import x\nfrom n import x\n'), ['x assignment 1', 'x import 3 <- m:x']);
  });

  describe('__all__', () => {
    it('reads a literal list or tuple of strings, annotated or not', () => {
      assert.deepEqual(bindingsOf('__all__ = ["a", \'b\']\n').all, ['a', 'b']);
      assert.deepEqual(bindingsOf('__all__ = ("a",)\n').all, ['a']);
      assert.deepEqual(bindingsOf('__all__: list[str] = ["a"]\n').all, ['a']);
    });

    it('adds += and .extend / .append, and a reassignment replaces it', () => {
      assert.deepEqual(bindingsOf('__all__ = ["a"]\n__all__ += ["b"]\n__all__.extend(("c",))\n__all__.append("d")\n').all, ['a', 'b', 'c', 'd']);
      assert.deepEqual(bindingsOf('__all__ = ["a"]\n__all__ = ["b"]\n').all, ['b']);
    });

    it('reads __all__ in module-level blocks and skips what is not a plain string', () => {
      assert.deepEqual(bindingsOf('if x:\n    __all__ = ["a", f"b{c}", b"d", "e\\n", name, *more]\n').all, ['a']);
    });

    it('is absent when there is no literal __all__', () => {
      assert.equal(bindingsOf('__all__ = compute()\n').all, undefined);
      assert.equal(bindingsOf('x = 1\n').all, undefined);
    });

    it('ignores __all__ of a class or function', () => {
      assert.equal(bindingsOf('class C:\n    __all__ = ["a"]\n').all, undefined);
    });
  });

  describe('open modules', () => {
    it('is open with a module-level wildcard import, even in a block', () => {
      assert.equal(bindingsOf('from x import *\n').open, 'wildcard');
      assert.equal(bindingsOf('try:\n    from ._speedups import *\nexcept ImportError:\n    pass\n').open, 'wildcard');
    });

    it('is open with a module-level __getattr__', () => {
      assert.equal(bindingsOf('def __getattr__(name):\n    raise AttributeError(name)\n').open, '__getattr__');
    });

    it('is open when it writes globals() or replaces itself in sys.modules', () => {
      assert.equal(bindingsOf('globals().update(table)\n').open, 'globals');
      assert.equal(bindingsOf('globals()["x"] = 1\n').open, 'globals');
      assert.equal(bindingsOf('import sys\nsys.modules[__name__] = Proxy()\n').open, 'sys.modules');
    });

    it('is not open for a wildcard or __getattr__ inside a function or class', () => {
      assert.equal(bindingsOf('def f():\n    from x import *\nclass C:\n    def __getattr__(self, n):\n        pass\n').open, undefined);
    });
  });

  it('copies names out of the source text', () => {
    const long = 'a_rather_long_identifier_that_v8_would_otherwise_slice';
    const { bindings } = bindingsOf(`${long} = 1\nfrom ${long}_module import ${long}_name\n`);
    assert.deepEqual(bindings.map((b) => b.name), [long, `${long}_name`]);
    assert.equal(bindings[1]!.from!.module, `${long}_module`);
  });

  it('normalises non-ASCII names as Python does (NFKC)', () => {
    assert.deepEqual(names('ﬁle = 1\n'), ['file']);
  });

  it('takes what it can from files with syntax errors, without throwing', () => {
    const text = ['def broken(:', '    x = 1', 'class K:', '    pass', 'y = (', 'z = 3', 'from a import b', 'after = 1', ''].join('\n');
    const found = names(text);
    for (const name of ['K', 'b', 'broken', 'y']) assert.ok(found.includes(name), `${name} in ${found.join(', ')}`);
    assert.ok(!found.includes('x'), 'a def body stays out even when broken');
    for (const garbage of ['((((', 'def', 'class :', 'for in', 'with as', '@', 'x: = ', 'import', 'from . import (', '\0\0']) {
      assert.doesNotThrow(() => bindingsOf(garbage));
    }
  });
});
