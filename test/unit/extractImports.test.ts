import { strict as assert } from 'node:assert';
import type { Range } from '../../src/engine/findings';
import { extractImports, type AnyImport, type ImportedName } from '../../src/engine/python/imports';
import { createPythonParser, type Node, type PythonParser } from '../../src/engine/python/parser';
import { recoverImport } from '../../src/engine/python/recovery';
import type { Span } from '../../src/engine/python/syntax';

/** `line:char-line:char` of an LSP range. */
const pos = (r: Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

const item = (n: ImportedName): string => `${n.name}${n.alias !== undefined ? ` as ${n.alias}` : ''} ${pos(n.span.range)}`;

/**
 * One line per statement with every span:
 * `import <stmt> | a.b <span>, c as d <span>` or `from <stmt> | ..mod <span> | X as Y <span>, * <span>`.
 */
function fmt(s: AnyImport): string {
  if (s.kind === 'import') return `import ${pos(s.span.range)} | ${s.modules.map(item).join(', ')}`;
  const names = [...s.names.map(item), ...(s.wildcard ? [`* ${pos(s.wildcard.range)}`] : [])];
  return `from ${pos(s.span.range)} | ${'.'.repeat(s.level)}${s.module} ${pos(s.moduleSpan.range)} | ${names.join(', ')}`;
}

/** The LSP position of a UTF-16 offset (line breaks: \n and \r\n). */
function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  const character = offset - lineStart - (offset > lineStart && text[offset - 1] === '\r' && text[offset] === '\n' ? 1 : 0);
  return { line, character };
}

/** Every span's offsets must denote the same place as its range. */
function assertSpanConsistent(text: string, span: Span, what: string): void {
  assert.deepEqual({ start: positionAt(text, span.start), end: positionAt(text, span.end) }, span.range, `offsets and range of ${what} disagree`);
}

describe('extractImports', () => {
  let parser: PythonParser;

  before(async () => {
    parser = await createPythonParser();
  });
  after(() => {
    parser.delete();
  });

  /** The imports of `text`, after checking that every span's offsets agree with its range. */
  function extract(text: string): AnyImport[] {
    const tree = parser.parse(text);
    try {
      const imports = extractImports(tree);
      for (const s of imports) {
        assertSpanConsistent(text, s.span, 'a statement');
        if (s.kind === 'import') for (const m of s.modules) assertSpanConsistent(text, m.span, m.name);
        else {
          assertSpanConsistent(text, s.moduleSpan, s.module);
          for (const n of s.names) assertSpanConsistent(text, n.span, n.name);
          if (s.wildcard) assertSpanConsistent(text, s.wildcard, '*');
        }
      }
      return imports;
    } finally {
      tree.delete();
    }
  }

  const lines = (text: string): string[] => extract(text).map(fmt);

  describe('every statement form, with exact spans', () => {
    it('import a.b', () => {
      assert.deepEqual(lines('import a.b\n'), ['import 0:0-0:10 | a.b 0:7-0:10']);
    });

    it('import a.b as c: the span is the module, the alias is kept apart', () => {
      const [s] = extract('import a.b as c\n');
      assert.deepEqual(fmt(s!), 'import 0:0-0:15 | a.b as c 0:7-0:10');
      assert.equal(s!.kind === 'import' && s!.modules[0]!.alias, 'c');
    });

    it('import a, b.c as d', () => {
      assert.deepEqual(lines('import a, b.c as d\n'), ['import 0:0-0:18 | a 0:7-0:8, b.c as d 0:10-0:13']);
    });

    it('import a . b (spaces inside the dotted name) reads as a.b', () => {
      assert.deepEqual(lines('import a . b\n'), ['import 0:0-0:12 | a.b 0:7-0:12']);
    });

    it('from a.b import X', () => {
      const [s] = extract('from a.b import X\n');
      assert.equal(fmt(s!), 'from 0:0-0:17 | a.b 0:5-0:8 | X 0:16-0:17');
      assert.equal(s!.recovered, false);
    });

    it('from a.b import X as Y', () => {
      assert.deepEqual(lines('from a.b import X as Y\n'), ['from 0:0-0:22 | a.b 0:5-0:8 | X as Y 0:16-0:17']);
    });

    it('a parenthesised multi-line list with comments and a trailing comma', () => {
      const text = 'from a.b import (  # first\n    X,  # why\n    # a whole comment line\n    Y as Z,\n)\n';
      assert.deepEqual(lines(text), ['from 0:0-4:1 | a.b 0:5-0:8 | X 1:4-1:5, Y as Z 3:4-3:5']);
    });

    it('a parenthesised list on one line', () => {
      assert.deepEqual(lines('from a import (b, c as d)\n'), ['from 0:0-0:25 | a 0:5-0:6 | b 0:15-0:16, c as d 0:18-0:19']);
    });

    it('from . import x: level 1, empty module, the module span is the dot', () => {
      const [s] = extract('from . import x\n');
      assert.equal(fmt(s!), 'from 0:0-0:15 | . 0:5-0:6 | x 0:14-0:15');
      assert.ok(s!.kind === 'from' && s!.level === 1 && s!.module === '');
    });

    it('from ..a.b import c: level 2, the module span includes the dots', () => {
      const [s] = extract('from ..a.b import c\n');
      assert.equal(fmt(s!), 'from 0:0-0:19 | ..a.b 0:5-0:10 | c 0:18-0:19');
      assert.ok(s!.kind === 'from' && s!.level === 2 && s!.module === 'a.b');
    });

    it('from ... import *: level 3 (an ellipsis token), wildcard', () => {
      const [s] = extract('from ... import *\n');
      assert.equal(fmt(s!), 'from 0:0-0:17 | ... 0:5-0:8 | * 0:16-0:17');
      assert.ok(s!.kind === 'from' && s!.level === 3 && s!.names.length === 0);
    });

    it('from .... import x and from .....a import y count every dot', () => {
      assert.deepEqual(lines('from .... import x\nfrom .....a import y\n'), [
        'from 0:0-0:18 | .... 0:5-0:9 | x 0:17-0:18',
        'from 1:0-1:20 | .....a 1:5-1:11 | y 1:19-1:20',
      ]);
    });

    it('from __future__ import annotations: module __future__', () => {
      const [s] = extract('from __future__ import annotations\n');
      assert.equal(fmt(s!), 'from 0:0-0:34 | __future__ 0:5-0:15 | annotations 0:23-0:34');
      assert.ok(s!.kind === 'from' && s!.level === 0);
    });

    it('from m import *: the wildcard span, no names', () => {
      const [s] = extract('from m import *\n');
      assert.equal(fmt(s!), 'from 0:0-0:15 | m 0:5-0:6 | * 0:14-0:15');
      assert.ok(s!.kind === 'from' && s!.wildcard !== undefined && s!.names.length === 0);
    });

    it('backslash continuations', () => {
      assert.deepEqual(lines('from a.b \\\n    import X, \\\n    Y\nimport c, \\\n  d.e\n'), [
        'from 0:0-2:5 | a.b 0:5-0:8 | X 1:11-1:12, Y 2:4-2:5',
        'import 3:0-4:5 | c 3:7-3:8, d.e 4:2-4:5',
      ]);
    });

    it('semicolons: two statements on one line', () => {
      assert.deepEqual(lines('import os; import a.b\nfrom a import b; from c import d\n'), [
        'import 0:0-0:9 | os 0:7-0:9',
        'import 0:11-0:21 | a.b 0:18-0:21',
        'from 1:0-1:15 | a 1:5-1:6 | b 1:14-1:15',
        'from 1:17-1:32 | c 1:22-1:23 | d 1:31-1:32',
      ]);
    });

    it('soft keywords and print/exec are names', () => {
      assert.deepEqual(lines('from a import match, type as t, print, exec, _\nimport match.case\n'), [
        'from 0:0-0:46 | a 0:5-0:6 | match 0:14-0:19, type as t 0:21-0:25, print 0:32-0:37, exec 0:39-0:43, _ 0:45-0:46',
        'import 1:0-1:17 | match.case 1:7-1:17',
      ]);
    });

    it('returns statements in document order; an empty or comment-only file has none', () => {
      assert.deepEqual(
        extract('import z\nfrom y import x\nimport a\n').map((s) => s.span.range.start.line),
        [0, 1, 2],
      );
      assert.deepEqual(extract(''), []);
      assert.deepEqual(extract('# import a\n\n'), []);
    });
  });

  describe('imports nested in statements', () => {
    it('in functions, classes, methods, if TYPE_CHECKING / elif / else, try / except ImportError / else / finally', () => {
      const text = [
        'def f():',
        '    import a.f',
        'class C:',
        '    from a import c',
        '    def m(self):',
        '        import a.m',
        'if TYPE_CHECKING:',
        '    import t.u',
        'elif X:',
        '    import t.v',
        'else:',
        '    import t.w',
        'try:',
        '    import x.y',
        'except ImportError:',
        '    import z',
        'else:',
        '    import z2',
        'finally:',
        '    import z3',
        '',
      ].join('\n');
      assert.deepEqual(lines(text), [
        'import 1:4-1:14 | a.f 1:11-1:14',
        'from 3:4-3:19 | a 3:9-3:10 | c 3:18-3:19',
        'import 5:8-5:18 | a.m 5:15-5:18',
        'import 7:4-7:14 | t.u 7:11-7:14',
        'import 9:4-9:14 | t.v 9:11-9:14',
        'import 11:4-11:14 | t.w 11:11-11:14',
        'import 13:4-13:14 | x.y 13:11-13:14',
        'import 15:4-15:12 | z 15:11-15:12',
        'import 17:4-17:13 | z2 17:11-17:13',
        'import 19:4-19:13 | z3 19:11-19:13',
      ]);
    });

    it('in with, for, while, match/case, decorated functions, async def, async with/for, except*', () => {
      const text = [
        'with open(p) as f:',
        '    import w',
        'for i in r:',
        '    import q',
        'while True:',
        '    import ww',
        'match v:',
        '    case 1:',
        '        import mm',
        '    case _:',
        '        from m import n',
        '@dec',
        'def g():',
        '    import dd',
        'async def h():',
        '    import aa',
        '    async with x:',
        '        import aw',
        '    async for y in z:',
        '        import af',
        'try:',
        '    pass',
        'except* ValueError:',
        '    import eg',
        '@dataclass',
        'class D:',
        '    import dc',
        '',
      ].join('\n');
      assert.deepEqual(
        extract(text).map((s) => (s.kind === 'import' ? s.modules[0]!.name : `${s.module}:${s.names[0]!.name}`)),
        ['w', 'q', 'ww', 'mm', 'm:n', 'dd', 'aa', 'aw', 'af', 'eg', 'dc'],
      );
    });

    it('one-line compound statements: if x: import a; else: import b', () => {
      assert.deepEqual(lines('if x: import a\nelse: from b import c\n'), ['import 0:6-0:14 | a 0:13-0:14', 'from 1:6-1:21 | b 1:11-1:12 | c 1:20-1:21']);
    });
  });

  describe('tree-sitter error recovery', () => {
    it('from x import ( inside a function with the continuation lines dedented to column 0 (valid Python)', () => {
      const text = 'def f():\n    from a.b import (\nX,\nY as Z,\n)\n    return 1\n';
      const [s, ...rest] = extract(text);
      assert.deepEqual(rest, []);
      assert.equal(fmt(s!), 'from 1:4-4:1 | a.b 1:9-1:12 | X 2:0-2:1, Y as Z 3:0-3:1');
      assert.equal(s!.recovered, true);
    });

    it('the dedented list with comments, a suppression on the first line and code after it', () => {
      const text = 'def f():\n    from a.b import (  # ssot: ignore\n# c\nX as Q,  # c2\nY\n)  # trailing\n    return 1\nimport after\n';
      const imports = extract(text);
      assert.deepEqual(imports.map(fmt), ['from 1:4-5:1 | a.b 1:9-1:12 | X as Q 3:0-3:1, Y 4:0-4:1', 'import 7:0-7:12 | after 7:7-7:12']);
      assert.equal(imports[0]!.suppression, 'all');
    });

    it('dedented lists after relative and __future__ modules', () => {
      const text = 'def f():\n    from .. import (\nX,\n)\n    from ...a import (\nY,\n)\n    from __future__ import (\nannotations,\n)\n';
      assert.deepEqual(lines(text), [
        'from 1:4-3:1 | .. 1:9-1:11 | X 2:0-2:1',
        'from 4:4-6:1 | ...a 4:9-4:13 | Y 5:0-5:1',
        'from 7:4-9:1 | __future__ 7:9-7:19 | annotations 8:0-8:11',
      ]);
    });

    it('an unclosed bracket above an import', () => {
      assert.deepEqual(lines('x = (1,\nimport a.b\n'), ['import 1:0-1:10 | a.b 1:7-1:10']);
    });

    it('an unclosed bracket above a from import: the keywords lexed as identifiers are still read', () => {
      assert.deepEqual(lines('x = (1,\nfrom a.b import X as Y, Z\nimport c\n'), [
        'from 1:0-1:25 | a.b 1:5-1:8 | X as Y 1:16-1:17, Z 1:24-1:25',
        'import 2:0-2:8 | c 2:7-2:8',
      ]);
    });

    it('does not also report the names of a broken `from x import y` as a statement `import y`', () => {
      // tree-sitter recovers `import y` of these as statements of their own
      for (const prefix of ['x = 1 +\n', 'if x\n', 'x = [i for i in\n', 'x = (1,\n']) {
        assert.deepEqual(
          lines(`${prefix}from . import x\nfrom a.b import X\nfrom __future__ import annotations\n`),
          ['from 1:0-1:15 | . 1:5-1:6 | x 1:14-1:15', 'from 2:0-2:17 | a.b 2:5-2:8 | X 2:16-2:17', 'from 3:0-3:34 | __future__ 3:5-3:15 | annotations 3:23-3:34'],
          `after ${JSON.stringify(prefix)}`,
        );
      }
    });

    it('an unclosed bracket below an import', () => {
      assert.deepEqual(lines('import a.b\nfrom c import d\nx = [1,\n'), ['import 0:0-0:10 | a.b 0:7-0:10', 'from 1:0-1:15 | c 1:5-1:6 | d 1:14-1:15']);
    });

    it('a half-typed `from a.b import` at the end of the file is not an import; the ones above are', () => {
      assert.deepEqual(lines('import a.b\nfrom c import d\nfrom a.b import'), ['import 0:0-0:10 | a.b 0:7-0:10', 'from 1:0-1:15 | c 1:5-1:6 | d 1:14-1:15']);
    });

    it('a half-typed `from a.b import` in the middle does not swallow the import on the next line', () => {
      assert.deepEqual(lines('from a.b import\nimport c.d\nfrom e import f\n'), ['import 1:0-1:10 | c.d 1:7-1:10', 'from 2:0-2:15 | e 2:5-2:6 | f 2:14-2:15']);
    });

    it('an unclosed `from a import (` does not swallow the import on the next line', () => {
      assert.deepEqual(lines('from a import (\nimport c.d\n'), ['import 1:0-1:10 | c.d 1:7-1:10']);
    });

    it('`import` alone, or `from` alone, is skipped and the others are found', () => {
      assert.deepEqual(lines('import a.b\nimport\nimport c\nfrom\nfrom d import e\n'), [
        'import 0:0-0:10 | a.b 0:7-0:10',
        'import 2:0-2:8 | c 2:7-2:8',
        'from 4:0-4:15 | d 4:5-4:6 | e 4:14-4:15',
      ]);
    });

    it('imports inside a function whose body has an unclosed call', () => {
      assert.deepEqual(lines('def f():\n    x = foo(\n    from a.b import X\n    import c.d\n'), [
        'from 2:4-2:21 | a.b 2:9-2:12 | X 2:20-2:21',
        'import 3:4-3:14 | c.d 3:11-3:14',
      ]);
    });

    it('in a broken file, statements after `; \\` and `: \\` continuations still count', () => {
      assert.deepEqual(lines('x = (1,\nimport a; \\\nimport b.c\nif y: \\\n    import d.e\nfrom f \\\n  import g\n'), [
        'import 1:0-1:8 | a 1:7-1:8',
        'import 2:0-2:10 | b.c 2:7-2:10',
        'import 4:4-4:14 | d.e 4:11-4:14',
        'from 5:0-6:10 | f 5:5-5:6 | g 6:9-6:10',
      ]);
    });

    it('`raise E from X` and `yield from g` in broken code are not imports', () => {
      assert.deepEqual(lines('x = (\nraise E from import_thing\ndef f(:\n    yield from g\n    raise X from Y\n'), []);
    });

    // Each form, next to each kind of syntax error, must be read exactly as in a clean file.
    const FORMS = [
      'import a.b', 'import a.b as c', 'import a, b.c as d', 'from a.b import X', 'from a.b import X as Y',
      'from a.b import X, Y as Z', 'from a.b import (X,\n    Y as Z,\n)', 'from . import x', 'from ..a.b import c', 'from ... import *',
      'from __future__ import annotations', 'from m import *', 'from a.b \\\n    import X', 'import os; import a.b',
      'import a.b  # ssot: ignore', 'from a.b import (  # c\n    X,  # d\n)', 'from ....a import b', 'from a import match, type as t',
      'from a.b import X; from c import d', 'from . import (x, y)', 'import a.b as c, d as e',
    ];
    const CONTEXTS: [string, string][] = [
      ['x = (1,\n', ''], ['', 'x = [1,\n'], ['x = {\n', ''], ['foo(\n', ''], ['y = ]\n', ''], ['def f(:\n', ''],
      ['class C(\n', ''], ['', 'from a.b import'], ['', 'import'], ['import\n', ''], ['x = "abc\n', ''], ['if x\n', ''], ['x = 1 +\n', ''],
      ['@\n', ''], ['def f():\n    x = foo(\n', ''], ['lambda: (\n', ''], ['x = [i for i in\n', ''], ['print "hello"\n', ''], ['for x in\n', ''],
      ['', 'x = (\n'], ['', 'def f(:\n'], ['x = )\n', ''], ['$\n', ''], ['x = 1 2\n', ''], ['', '    foo(\n'], ['try:\n    pass\nexcept\n', ''],
      ['class A:\n    def f(self\n', ''], ['x = {1:\n', ''], ['yield from (\n', ''], ['raise E from (\n', ''], ['import\n', 'import'],
      ['from a.b import\n', ''], ['from\n', ''], ['from a import (\n', ''], ['x = [\n', ']\n'], ['def f():\n    return (\n', ''],
    ];
    const shifted = (s: AnyImport, lineDelta: number): string =>
      fmt(s).replace(/(\d+):(\d+)-(\d+):(\d+)/g, (_, l1: string, c1: string, l2: string, c2: string) => `${+l1 - lineDelta}:${c1}-${+l2 - lineDelta}:${c2}`);

    it(`each of ${FORMS.length} forms next to each of ${CONTEXTS.length} syntax errors: found as in a clean file, nothing else found`, () => {
      const failures: string[] = [];
      for (const form of FORMS) {
        const clean = lines(`${form}\n`);
        const cleanSuppressed = extract(`${form}\n`).map((s) => s.suppression);
        assert.ok(clean.length > 0, form);
        for (const [before, after] of CONTEXTS) {
          const text = `${before}${form}\n${after}`;
          const lineDelta = before.split('\n').length - 1;
          const found = extract(text);
          const got = found.map((s) => shifted(s, lineDelta));
          const suppressed = found.map((s) => s.suppression);
          if (JSON.stringify(got) !== JSON.stringify(clean) || JSON.stringify(suppressed) !== JSON.stringify(cleanSuppressed)) {
            failures.push(`${JSON.stringify(text)}\n    want ${JSON.stringify(clean)}\n    got  ${JSON.stringify(got)}`);
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  });

  describe('the token reader of error recovery', () => {
    it('reads every clean statement exactly as the tree reader does', () => {
      const forms = [
        'import a.b', 'import a.b as c', 'import a, b.c as d', 'import a . b', 'import a.b as match', 'import ﬁle.x',
        'from a.b import X', 'from a.b import X as Y, Z', 'from a.b import (X,\n    Y as Z,\n)', 'from a.b import (  # c\n    X,  # d\n)',
        'from . import x', 'from ..a.b import c', 'from ... import *', 'from ....a import b', 'from .. . a import b', 'from . a import b',
        'from __future__ import annotations', 'from __future__ import (annotations, division)', 'from m import *',
        'from a.b \\\n    import X', 'from a import (\n  b \\\n  as c)', 'from a import match, type as t, print, exec, _',
        'from ﬁle import ﬁx as ﬁg', 'from a import (b,)', 'from a . b import ( c as d , e )',
      ];
      const statements = (node: Node): Node[] =>
        ['import_statement', 'import_from_statement', 'future_import_statement'].includes(node.type) ? [node] : node.children.flatMap((c) => (c ? statements(c) : []));
      for (const form of forms) {
        const tree = parser.parse(`${form}\n`);
        try {
          assert.equal(tree.rootNode.hasError, false, form);
          const byTree = extractImports(tree).map(fmt);
          const byTokens = statements(tree.rootNode).map((s) => recoverImport(s.firstChild!));
          assert.ok(byTokens.every((s) => s?.recovered === true), form);
          assert.deepEqual(byTokens.map((s) => fmt(s!)), byTree, form);
        } finally {
          tree.delete();
        }
      }
    });
  });

  describe('text encodings and layouts', () => {
    it('CRLF line endings give the same lines and characters as LF', () => {
      const lf = [
        'import a.b',
        'from a.b import (',
        '    X,  # c',
        '    Y as Z,',
        ')',
        'from c \\',
        '    import d',
        'def f():',
        '    from e import (',
        'g,',
        ')',
        'x = (1,',
        'from h import i',
        '',
      ].join('\n');
      const crlf = lf.replace(/\n/g, '\r\n');
      assert.ok(crlf.includes('\r\n'));
      const expected = lines(lf);
      assert.equal(expected.length, 5);
      assert.deepEqual(lines(crlf), expected);
    });

    it('tab indentation counts one character per tab', () => {
      assert.deepEqual(lines('if x:\n\timport a.b\n\tfrom c import (\n\t\td)\n'), ['import 1:1-1:11 | a.b 1:8-1:11', 'from 2:1-3:4 | c 2:6-2:7 | d 3:2-3:3']);
    });

    it('identifiers are NFKC-normalised (ﬁ → fi); spans count the characters as written', () => {
      assert.deepEqual(lines('import ﬁle.x\nfrom ﬁle import ﬁx as ﬁg\nfrom ａ import ｂ\n'), [
        'import 0:0-0:12 | file.x 0:7-0:12',
        'from 1:0-1:24 | file 1:5-1:8 | fix as fig 1:16-1:18',
        'from 2:0-2:15 | a 2:5-2:6 | b 2:14-2:15',
      ]);
    });

    it('NFKC normalisation also applies to imports read by error recovery', () => {
      const [s] = extract('def f():\n    from ﬁle import (\nﬁx as ﬁg,\n)\n');
      assert.equal(s!.recovered, true);
      assert.equal(fmt(s!), 'from 1:4-3:1 | file 1:9-1:12 | fix as fig 2:0-2:2');
    });

    it('astral characters (emoji) before an import on the same line count two UTF-16 units each', () => {
      assert.deepEqual(lines("s = '😀'; import a.b\nt = '😀😀'; from c import d\n"), [
        'import 0:10-0:20 | a.b 0:17-0:20',
        'from 1:12-1:27 | c 1:17-1:18 | d 1:26-1:27',
      ]);
    });

    it('astral identifiers (𝔞, NFKC a) span two UTF-16 units', () => {
      assert.deepEqual(lines('from 𝔞.𝔟 import 𝔠 as 𝔡\n'), ['from 0:0-0:26 | a.b 0:5-0:10 | c as d 0:18-0:20']);
    });

    it('text in strings, docstrings, f-strings, bytes and comments that looks like an import is not one', () => {
      const text = [
        '"""Module doc.',
        'from a.b import X',
        'import a.b',
        '"""',
        "s = 'import a.b'",
        'b = b"from a import b"',
        "f = f'{x}import z'",
        "r = r'''",
        'from a import (',
        "    b)'''",
        '# import a.b',
        '#from a.b import X',
        'def f():',
        '    """import a.b"""',
        '    return "from x import y"',
        '',
      ].join('\n');
      assert.deepEqual(lines(text), []);
    });

    it('a leading BOM (\\uFEFF, which VS Code and the CLI strip first) is one UTF-16 unit: imports are found, line 0 columns shift by 1', () => {
      assert.deepEqual(lines('\uFEFFimport a.b\nimport c\n'), ['import 0:1-0:11 | a.b 0:8-0:11', 'import 1:0-1:8 | c 1:7-1:8']);
      assert.deepEqual(lines('\uFEFFfrom a import b\n'), ['from 0:1-0:16 | a 0:6-0:7 | b 0:15-0:16']);
    });
  });
});
