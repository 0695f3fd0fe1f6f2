import { strict as assert } from 'node:assert';
import { findDeprecatedImports, DEPRECATED_IMPORT } from '../../src/engine/check';
import { extractImports, type AnyImport } from '../../src/engine/python/imports';
import { createPythonParser, type PythonParser } from '../../src/engine/python/parser';
import { isSuppressed, parseSuppression, type Suppression } from '../../src/engine/python/suppression';
import { parseRegistry } from '../../src/engine/registry/parse';
import { Registry } from '../../src/engine/registry/registry';

/** A suppression as plain data: 'all', the sorted codes, or undefined. */
const plain = (s: Suppression | undefined): string | string[] | undefined => (s === undefined || s === 'all' ? s : [...s].sort());

describe('suppression comments', () => {
  describe('parseSuppression (one comment token)', () => {
    const cases: [string, string | string[] | undefined][] = [
      ['# ssot: ignore', 'all'],
      ['#ssot:ignore', 'all'],
      ['#  ssot:   ignore', 'all'],
      ['# ssot: ignore[SSOT001]', ['SSOT001']],
      ['# ssot: ignore[SSOT002, SSOT001]', ['SSOT001', 'SSOT002']],
      ['# ssot: ignore[ ssot001 ,SSOT002 ]', ['SSOT001', 'SSOT002']],
      ['# ssot: ignore[]', []],
      ['# noqa: E402  # ssot: ignore', 'all'],
      ['# type: ignore[attr-defined]  # ssot: ignore[SSOT001]', ['SSOT001']],
      ['# ssot: ignore  -- legacy shim, see #757', 'all'],
      ['# ssot: ignored', undefined],
      ['# nossot: ignore', undefined],
      ['# ssot ignore', undefined],
      ['# SSOT: IGNORE', undefined],
      ['# noqa', undefined],
    ];
    for (const [comment, expected] of cases) {
      it(`${JSON.stringify(comment)} → ${JSON.stringify(expected)}`, () => {
        assert.deepEqual(plain(parseSuppression(comment)), expected);
      });
    }
  });

  describe('isSuppressed', () => {
    it('all suppresses every code, a list only its codes, none nothing', () => {
      assert.equal(isSuppressed('all', DEPRECATED_IMPORT), true);
      assert.equal(isSuppressed(new Set(['SSOT001']), DEPRECATED_IMPORT), true);
      assert.equal(isSuppressed(new Set(['SSOT002']), DEPRECATED_IMPORT), false);
      assert.equal(isSuppressed(new Set(), DEPRECATED_IMPORT), false);
      assert.equal(isSuppressed(undefined, DEPRECATED_IMPORT), false);
    });
  });

  describe('on import statements', () => {
    let parser: PythonParser;
    before(async () => {
      parser = await createPythonParser();
    });
    after(() => {
      parser.delete();
    });

    function imports(text: string): AnyImport[] {
      const tree = parser.parse(text);
      try {
        return extractImports(tree);
      } finally {
        tree.delete();
      }
    }
    /** The suppression of each statement of `text`, in order. */
    const suppressions = (text: string) => imports(text).map((s) => plain(s.suppression));

    it('# ssot: ignore suppresses everything', () => {
      assert.deepEqual(suppressions('import a.b  # ssot: ignore\nfrom a.b import X  # ssot: ignore\n'), ['all', 'all']);
    });

    it('# ssot: ignore[SSOT001] and [SSOT002, SSOT001] list codes', () => {
      assert.deepEqual(suppressions('import a.b  # ssot: ignore[SSOT001]\nimport c  # ssot: ignore[SSOT002, SSOT001]\nimport d  # ssot: ignore[SSOT002]\n'), [
        ['SSOT001'],
        ['SSOT001', 'SSOT002'],
        ['SSOT002'],
      ]);
    });

    it('#ssot:ignore without spaces', () => {
      assert.deepEqual(suppressions('import a.b #ssot:ignore\n'), ['all']);
    });

    it('combined with another tool: # noqa: E402  # ssot: ignore', () => {
      assert.deepEqual(suppressions('import a.b  # noqa: E402  # ssot: ignore\n'), ['all']);
    });

    it('counts only on the FIRST line of a multi-line import', () => {
      assert.deepEqual(
        suppressions('from a.b import (  # ssot: ignore\n    X,\n)\nfrom a.b import (\n    X,  # ssot: ignore\n)\nfrom a.b import (\n    X,\n)  # ssot: ignore\nimport a, \\\n  b  # ssot: ignore\n'),
        ['all', undefined, undefined, undefined],
      );
    });

    it('not from a string containing the text', () => {
      assert.deepEqual(suppressions('import a.b; s = "# ssot: ignore"\nfrom a import (b,  # x\n  c); t = "# ssot: ignore"\n'), [undefined, undefined]);
    });

    it('a directive after a string holding `#`, and on a CRLF line', () => {
      assert.deepEqual(suppressions('import a; s = "#"  # ssot: ignore\r\nimport b  # ssot: ignore[SSOT001]\r\nimport c  # ssot\r\n'), ['all', ['SSOT001'], undefined]);
    });

    it('not from a comment on the next line, nor on the line before', () => {
      assert.deepEqual(suppressions('import a.b\n# ssot: ignore\n# ssot: ignore\nimport c.d\n'), [undefined, undefined]);
    });

    it('a comment at the end of the line covers every statement that starts on it', () => {
      assert.deepEqual(suppressions('import a; import b  # ssot: ignore\nimport c\n'), ['all', 'all', undefined]);
    });

    it('indented imports, and an import read by error recovery', () => {
      assert.deepEqual(suppressions('def f():\n    import a  # ssot: ignore\n    from a.b import (  # ssot: ignore[SSOT001]\nX,\n)\n'), ['all', ['SSOT001']]);
    });

    it('suppresses the SSOT001 findings of the statement only when its code is listed', () => {
      const parsed = parseRegistry('[[rule]]\nfrom = "a.b"\nto = "c.d"\n', '/ws/ssot-imports.toml', 'ssot-imports.toml');
      assert.deepEqual(parsed.problems, []);
      const ctx = { registry: new Registry(parsed.rules), sourceRoots: ['/ws'] };
      const text = [
        'import a.b  # ssot: ignore',
        'import a.b  # ssot: ignore[SSOT001]',
        'import a.b  # ssot: ignore[SSOT002]',
        'import a.b  # ssot: ignore[SSOT002,SSOT001]',
        'from a.b import (  # ssot: ignore',
        '    X,',
        ')',
        'from a.b import (',
        '    X,  # ssot: ignore',
        ')',
        'import a.b',
        '# ssot: ignore',
        '',
      ].join('\n');
      const findings = findDeprecatedImports(imports(text), { name: 'm', isPackage: false }, ctx);
      assert.deepEqual(
        findings.map((f) => f.range.start.line),
        [2, 7, 10],
      );
    });
  });
});
