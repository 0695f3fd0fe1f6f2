/**
 * The fix engine's rewrite forms, with exact expected texts, and its safety contract: every byte
 * outside the rewritten imports is kept, a second fix changes nothing, no fixable SSOT001 is left,
 * and Python (/usr/bin/python3, once for the whole suite) parses every result and sees the same
 * names bound at the same scopes.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkSource, type CheckContext } from '../../src/engine/check';
import type { Finding } from '../../src/engine/findings';
import { fixSource, type SourceFix } from '../../src/engine/fix/fixSource';
import { createPythonParser, type PythonParser } from '../../src/engine/python/parser';
import { parseRegistry } from '../../src/engine/registry/parse';
import { Registry } from '../../src/engine/registry/registry';
import { FIX_REGISTRY } from '../support/fixRegistry';

const TOML = FIX_REGISTRY;

/** In the package pkg.sub, so `.old` is pkg.sub.old and `..util` is pkg.util. */
const FILE = '/w/pkg/sub/mod.py';

function registry(toml: string): CheckContext {
  const parsed = parseRegistry(toml, '/w/ssot-imports.toml', 'ssot-imports.toml');
  assert.deepEqual(parsed.problems, []);
  return { registry: new Registry(parsed.rules), sourceRoots: ['/w'] };
}

describe('fixSource', () => {
  let parser: PythonParser;
  const ctx = registry(TOML);
  /** Every (before, after) pair checked, for the single python3 run at the end. */
  const fixed: { before: string; after: string }[] = [];

  before(async () => {
    parser = await createPythonParser();
  });
  after(() => parser.delete());

  /**
   * Fixes `input` and checks the result is `expected`; that a second fix changes nothing; that
   * no finding with a replacement is left (when every finding was selected); and, at the end of
   * the suite, that Python agrees.
   */
  function expectFix(input: string, expected: string, select?: (f: Finding) => boolean, context: CheckContext = ctx): SourceFix {
    const fix = fixSource(parser, input, FILE, context, select);
    assert.equal(fix.refused, undefined, `refused: ${fix.refused}`);
    assert.equal(fix.output, expected);
    const again = fixSource(parser, fix.output, FILE, context, select);
    assert.deepEqual(again.edits, [], `a second fix changed the file into:\n${again.output}`);
    if (!select) {
      const left = checkSource(parser, fix.output, FILE, context).filter((f) => f.replacement);
      assert.deepEqual(left.map((f) => f.message), [], 'fixable findings left');
    }
    fixed.push({ before: input, after: fix.output });
    return fix;
  }

  describe('rewrite forms', () => {
    it('keeps aliases', () => {
      expectFix('from old.mod import A as B, C\n', 'from new.mod import A as B, C\n');
    });

    it('keeps parentheses, comments, trailing commas and indentation', () => {
      expectFix(
        'def f():\n    from old.mod import (  # why\n        A,  # first\n        B as Bee,\n    )\n    return A\n',
        'def f():\n    from new.mod import (  # why\n        A,  # first\n        B as Bee,\n    )\n    return A\n',
      );
    });

    it('splits a statement mixing moved and unmoved names: the moved ones go on the next line, same indentation', () => {
      expectFix('from old.names import Keep, Old, Other\n', 'from old.names import Keep, Other\nfrom new.names import New as Old\n');
      expectFix(
        'class C:\n    from old.names import Keep, Same, Old\n    x = Same\n',
        'class C:\n    from old.names import Keep\n    from new.names import Same, New as Old\n    x = Same\n',
      );
    });

    it('merges into an earlier import of the canonical module in the same block instead of adding one', () => {
      expectFix('from new.names import Z\nx = 1\nfrom old.names import Old, Same\n', 'from new.names import Z, New as Old, Same\nx = 1\n');
      expectFix('from new.names import Z\nfrom old.names import Keep, Old\n', 'from new.names import Z, New as Old\nfrom old.names import Keep\n');
      expectFix(
        'from new.names import (\n    Z,  # zed\n)\nfrom old.names import Old\n',
        'from new.names import (\n    Z,  # zed\n    New as Old,\n)\n',
      );
      expectFix(
        'from new.names import (\n    Y,\n    Z  # no comma yet\n)\nfrom old.names import Old\n',
        'from new.names import (\n    Y,\n    Z,  # no comma yet\n    New as Old,\n)\n',
      );
    });

    it('does not repeat a name the canonical import already has', () => {
      expectFix('from new.mod import A\nfrom old.mod import A, B\n', 'from new.mod import A, B\n');
    });

    it('import old.mod as m → import new.mod as m', () => {
      expectFix('import old.mod as m, os\nm.A()\n', 'import new.mod as m, os\nm.A()\n');
    });

    it('import old.mod → import new.mod, and every dotted use old.mod.X with it', () => {
      expectFix(
        'import old.mod\nx = old.mod.A(old.mod)\ny = [old.mod.B.c for _ in z]\ns = "old.mod.A"  # old.mod.A\nt = self.old.mod.A\nu = old.modx + xold.mod\n',
        'import new.mod\nx = new.mod.A(new.mod)\ny = [new.mod.B.c for _ in z]\ns = "old.mod.A"  # old.mod.A\nt = self.old.mod.A\nu = old.modx + xold.mod\n',
      );
    });

    it('import old (one segment, no alias) → import new.mod as old', () => {
      expectFix('import solo\nsolo.run()\n', 'import lib.solo as solo\nsolo.run()\n');
    });

    it('a renamed name keeps its local name: from n import New as Old', () => {
      expectFix('from old.names import Old\nOld()\n', 'from new.names import New as Old\nOld()\n');
      expectFix('from old.names import Old as O\nO()\n', 'from new.names import New as O\nO()\n');
    });

    it('package moves rewrite submodule paths', () => {
      expectFix(
        'from legacy.core import Thing\nimport legacy.core.deep as d\nfrom legacy import core\nimport legacy as L\n',
        'from modern.core import Thing\nimport modern.core.deep as d\nfrom modern import core\nimport modern as L\n',
      );
    });

    it('relative imports get the absolute canonical path', () => {
      expectFix(
        'from .old import X\nfrom ..util import Helper, Other\nfrom . import old, sibling\n',
        'from pkg.sub.new import X\nfrom ..util import Other\nfrom shared.tools import Helper\nfrom . import sibling\nfrom pkg.sub import new as old\n',
      );
    });

    it('from a import b, where a.b moved to c.d → from c import d as b', () => {
      expectFix('from pkg.sub import old\nold.X\n', 'from pkg.sub import new as old\nold.X\n');
      expectFix('from old import mod, api as A\n', 'from new import mod, api as A\n');
    });

    it('from a import b, where a.b moved to the top level → import d as b', () => {
      expectFix('from top import inner\n', 'import flat as inner\n');
      expectFix('from top import inner, inner2 as i2\n', 'import flat as inner, flat2 as i2\n');
      expectFix('from top import other, inner\n', 'from top import other\nimport flat as inner\n');
    });

    it('members renamed within a module move follow a rewritten module import (m.Old → m.New)', () => {
      expectFix('import old.api as m\nm.Renamed(m.Other)\n', 'import new.api as m\nm.Fresh(m.Other)\n');
      expectFix('import old.api\nold.api.Renamed()\n', 'import new.api\nnew.api.Fresh()\n');
    });
  });

  describe('layout', () => {
    it('CRLF: kept everywhere, new lines included', () => {
      expectFix('x = 1\r\nfrom old.names import Keep, Old\r\ny = 2\r\n', 'x = 1\r\nfrom old.names import Keep\r\nfrom new.names import New as Old\r\ny = 2\r\n');
      expectFix(
        'from new.names import (\r\n    Z,\r\n)\r\nfrom old.names import (\r\n    Keep,\r\n    Old,  # moves\r\n    Same,\r\n)\r\n',
        'from new.names import (\r\n    Z,\r\n    New as Old,\r\n    Same,  # moves\r\n)\r\nfrom old.names import (\r\n    Keep,\r\n)\r\n',
      );
      // a file without any line break: the new line gets \n
      expectFix('from old.names import Keep, Old', 'from old.names import Keep\nfrom new.names import New as Old');
    });

    it('tabs: the new line is indented like the statement', () => {
      expectFix('if x:\n\tfrom old.names import Keep, Old\n\tOld()\n', 'if x:\n\tfrom old.names import Keep\n\tfrom new.names import New as Old\n\tOld()\n');
    });

    it('a BOM stays', () => {
      expectFix('\uFEFFfrom old.names import Old, Keep\n', '\uFEFFfrom old.names import Keep\nfrom new.names import New as Old\n');
      expectFix('\uFEFFimport solo\n', '\uFEFFimport lib.solo as solo\n');
    });

    it('trailing whitespace elsewhere is untouched', () => {
      expectFix('x = 1   \nfrom old.names import Old, Keep  \ny = 2\t\n\n', 'x = 1   \nfrom old.names import Keep  \nfrom new.names import New as Old\ny = 2\t\n\n');
    });

    it('a statement sharing its line through `;`: the moved names follow it on that line, before the code after it', () => {
      expectFix('from old.names import Old, Keep; print(Old)\n', 'from old.names import Keep; from new.names import New as Old; print(Old)\n');
      expectFix('x = 1; from old.names import Old, Keep\n', 'x = 1; from old.names import Keep; from new.names import New as Old\n');
      expectFix('x = 1; from old.mod import A; y = A\n', 'x = 1; from new.mod import A; y = A\n');
    });

    it('a one-liner `if x: from a import b, c`', () => {
      expectFix('if x: from old.names import Old, Keep\nelse: pass\n', 'if x: from old.names import Keep; from new.names import New as Old\nelse: pass\n');
    });

    it('multi-line parenthesised lists: the comment on a moved line travels with the name', () => {
      expectFix(
        'from old.names import (\n    Keep,  # stays\n    Old,  # moves\n    Other,\n)\n',
        'from old.names import (\n    Keep,  # stays\n    Other,\n)\nfrom new.names import New as Old  # moves\n',
      );
      expectFix(
        'if x: from old.names import (\n    Keep,\n    Old,  # moves\n)\n',
        'if x: from old.names import (\n    Keep,\n); from new.names import New as Old  # moves\n',
      );
      // into an existing import of the canonical module
      expectFix(
        'from new.names import Z\nfrom old.names import (\n    Keep,\n    Old,  # moves\n)\n',
        'from new.names import Z, New as Old  # moves\nfrom old.names import (\n    Keep,\n)\n',
      );
      // a whole statement folded into the canonical import takes its comments along
      expectFix('from new.mod import D\nfrom old.mod import (  # why\n    A,  # first\n    B,\n)\n', 'from new.mod import D, A, B  # why # first\n');
      expectFix('from top import (inner,  # c\n    inner2)\n', 'import flat as inner, flat2 as inner2  # c\n');
    });

    it('trailing comma variants', () => {
      expectFix('from old.names import (Keep, Old,)\n', 'from old.names import (Keep,)\nfrom new.names import New as Old\n');
      expectFix('from old.names import (Old, Keep,)\n', 'from old.names import (Keep,)\nfrom new.names import New as Old\n');
      expectFix('from old.names import (Keep, Old)\n', 'from old.names import (Keep)\nfrom new.names import New as Old\n');
      expectFix('from old.names import (\n    Keep,\n    Old\n)\n', 'from old.names import (\n    Keep,\n)\nfrom new.names import New as Old\n');
      expectFix('from old.names import (\n    Old,\n    Keep\n)\n', 'from old.names import (\n    Keep\n)\nfrom new.names import New as Old\n');
      expectFix('from old.names import (Keep,\n                       Old)\n', 'from old.names import (Keep)\nfrom new.names import New as Old\n');
    });

    it('backslash continuations', () => {
      expectFix('from old.names import Keep, \\\n    Old\n', 'from old.names import Keep\nfrom new.names import New as Old\n');
      expectFix('from old.names import Old, \\\n    Keep\n', 'from old.names import Keep\nfrom new.names import New as Old\n');
      expectFix('from old.mod import A, \\\n    B\n', 'from new.mod import A, \\\n    B\n');
      expectFix('from new.names import Z, \\\n    Y\nfrom old.names import Old\n', 'from new.names import Z, \\\n    Y, New as Old\n');
    });

    it('no blank needed around the module: from.x import y, from .import y', () => {
      expectFix('from.old import X\nfrom..util import Helper\nfrom .import old\n', 'from pkg.sub.new import X\nfrom shared.tools import Helper\nfrom pkg.sub import new as old\n');
    });
  });

  describe('scopes', () => {
    it('merges within a function, not from a function into the module level', () => {
      expectFix(
        'from new.mod import D\ndef f():\n    from new.mod import E\n    from old.mod import A\n',
        'from new.mod import D\ndef f():\n    from new.mod import E, A\n',
      );
      expectFix('from new.mod import D\ndef f():\n    from old.mod import A\n', 'from new.mod import D\ndef f():\n    from new.mod import A\n');
    });

    it('does not merge from the module level into an `if TYPE_CHECKING:` block, nor out of one', () => {
      expectFix(
        'if TYPE_CHECKING:\n    from new.mod import D\nfrom old.mod import A\n',
        'if TYPE_CHECKING:\n    from new.mod import D\nfrom new.mod import A\n',
      );
      expectFix(
        'from new.mod import D\nif TYPE_CHECKING:\n    from old.mod import A\n',
        'from new.mod import D\nif TYPE_CHECKING:\n    from new.mod import A\n',
      );
    });

    it('does not merge across the branches of try/except', () => {
      expectFix(
        'try:\n    from new.names import New\nexcept ImportError:\n    from old.names import Old as New, Keep\n',
        'try:\n    from new.names import New\nexcept ImportError:\n    from old.names import Keep\n    from new.names import New\n',
      );
    });

    it('does not merge into a later import', () => {
      expectFix('from old.mod import A\nfrom new.mod import D\n', 'from new.mod import A\nfrom new.mod import D\n');
    });
  });

  describe('wildcards', () => {
    it('from old import * → from new import *', () => {
      expectFix('from old.mod import *\n', 'from new.mod import *\n');
      expectFix('from legacy.core import *\n', 'from modern.core import *\n');
    });

    it('imports the members the registry renamed explicitly, under the names the old * bound', () => {
      expectFix('from old.api import *\n', 'from new.api import *\nfrom new.api import Fresh as Renamed\n');
    });

    it('a module with only name rules: no finding, no edit', () => {
      const fix = expectFix('from old.names import *\n', 'from old.names import *\n');
      assert.deepEqual(fix.found, []);
    });
  });

  describe('what is not fixed', () => {
    it('findings without a replacement: reported, no edit', () => {
      const input = 'import dead.mod\nfrom dead.names import Gone, Fine\n';
      const fix = expectFix(input, input);
      assert.deepEqual(fix.edits, []);
      assert.deepEqual(
        fix.found.map((f) => [f.finding.ruleFrom, f.finding.replacement]),
        [
          ['dead.mod', undefined],
          ['dead.names:Gone', undefined],
        ],
      );
    });

    it('next to a fixable one in the same statement, only the fixable one moves', () => {
      expectFix('from dead.names import Gone\nimport dead.mod, old.mod as m\n', 'from dead.names import Gone\nimport dead.mod, new.mod as m\n');
    });

    it('suppressed imports: no finding, no edit; a suppression of another code does not apply', () => {
      for (const input of ['from old.mod import A  # ssot: ignore\n', 'from old.mod import (  # ssot: ignore[SSOT001]\n    A,\n)\n', 'import solo  # ssot: ignore\n']) {
        const fix = expectFix(input, input);
        assert.deepEqual(fix.found, []);
      }
      expectFix('from old.mod import A  # ssot: ignore[SSOT999]\n', 'from new.mod import A  # ssot: ignore[SSOT999]\n');
    });

    it('the select parameter: only the chosen finding is fixed', () => {
      // old.api:Renamed (a name rule) and old.api (the module rule, for Other) in one statement
      const input = 'from old.api import Renamed, Other\n';
      const nameOnly = expectFix(input, 'from old.api import Other\nfrom new.api import Fresh as Renamed\n', (f) => f.ruleFrom === 'old.api:Renamed');
      assert.deepEqual(
        nameOnly.found.map((f) => f.finding.ruleFrom),
        ['old.api', 'old.api:Renamed'],
      );
      expectFix(input, 'from old.api import Renamed\nfrom new.api import Other\n', (f) => f.ruleFrom === 'old.api');
      expectFix(input, 'from new.api import Fresh as Renamed, Other\n');
      // and the rest is fixed by a later run
      expectFix('from old.api import Other\nfrom new.api import Fresh as Renamed\n', 'from new.api import Other\nfrom new.api import Fresh as Renamed\n');
    });
  });

  describe('regressions', () => {
    it('a module imported twice without alias: each use is rewritten once (was: "overlapping edits" thrown)', () => {
      expectFix(
        'import old.mod\ndef f():\n    import old.mod\n    return old.mod.A\n',
        'import new.mod\ndef f():\n    import new.mod\n    return new.mod.A\n',
      );
    });

    it('nested modules imported without alias: the longest chain wins (was: "overlapping edits" thrown)', () => {
      expectFix(
        'import legacy.core\nimport legacy.core.deep\nlegacy.core.deep.f(legacy.core.x)\n',
        'import modern.core\nimport modern.core.deep\nmodern.core.deep.f(modern.core.x)\n',
      );
    });

    it('nothing staying and the first name moving to the top level (was: `from  import` refused)', () => {
      expectFix('from top import inner, Thing\n', 'from misc import Thing\nimport flat as inner\n');
    });

    it('from.x import y (was: `frompkg.sub.new import y` refused)', () => {
      expectFix('from.old import X\n', 'from pkg.sub.new import X\n');
    });

    it('a dotted use over two lines keeps its comment and line break (was: `x = (new.mod.A)`)', () => {
      expectFix('import old.mod\nx = (old  # why\n     .mod.A)\n', 'import new.mod\nx = (new.mod  # why\n     .A)\n');
    });

    it('moved comments go on a line above when the line goes on with code that may hold a string (was: the statement left unfixed)', () => {
      expectFix('from old.names import (\n    Keep,\n    Old,  # c\n); x = "s"\n', '# c\nfrom old.names import (\n    Keep,\n); from new.names import New as Old; x = "s"\n');
      expectFix('def f():\n    from top import (inner,  # c\n        inner2); s = "#"\n', 'def f():\n    # c\n    import flat as inner, flat2 as inner2; s = "#"\n');
    });

    it('a statement tree-sitter recovered from a syntax error is not split into the code after it', () => {
      const input = 'from old.names import (\n    Keep,\n    Old,  # c\nx = 1\n';
      assert.equal(fixSource(parser, input, FILE, ctx).output, input);
    });
  });

  describe('refusal', () => {
    it('refuses a plan whose result tree-sitter cannot parse, changing nothing', () => {
      // Python accepts `from __future__.core import A`; tree-sitter-python's grammar does not. With
      // the bugs below fixed, this grammar gap is the only way found to get a refusal from a valid
      // registry and a file that parses.
      const context = registry('[[rule]]\nfrom = "fut.mod"\nto = "__future__.core"\n');
      const fix = fixSource(parser, 'from fut.mod import A\n', FILE, context);
      assert.equal(fix.refused, 'the rewritten file would not parse');
      assert.deepEqual(fix.edits, []);
      assert.equal(fix.output, 'from fut.mod import A\n');
    });
  });

  // last: mocha runs a suite's own tests before its nested suites, and this one needs them all
  describe('python3', () => {
    it('parses every result and sees the same local names bound at the same scopes', () => {
      // One python3 process for the whole suite. `import a.b` without alias binds `a`, and its
      // rewrite `import c.d` binds `c` by design: the helper reports those as `a.b`, left out here.
      // Where a `*` import was, the fix may add explicit imports of the members the registry moved.
      const helper = join(__dirname, '..', 'property', 'ast_bindings.py');
      const input = fixed.map((f) => JSON.stringify({ ...f, package: 'pkg.sub' })).join('\n') + '\n';
      const run = spawnSync('/usr/bin/python3', [helper], { input, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      type View = { ok: boolean; error?: string; bindings: [scope: string, local: string, path: string][] };
      const answers = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { before: View; after: View });
      assert.ok(fixed.length > 50);
      assert.equal(answers.length, fixed.length);
      const names = (view: View) => [...new Set(view.bindings.filter(([, local]) => !local.includes('.')).map(([scope, local]) => `${scope} ${local}`))].sort();
      answers.forEach((answer, k) => {
        const { before, after } = fixed[k]!;
        const where = `\n--- before ---\n${before}\n--- after ---\n${after}`;
        assert.ok(answer.before.ok, `python rejects the input: ${answer.before.error}${where}`);
        assert.ok(answer.after.ok, `python rejects the output: ${answer.after.error}${where}`);
        // a `*` binds names Python cannot list: an explicit import of one it bound adds nothing
        const starred = new Set(answer.before.bindings.filter(([, local]) => local === '*').map(([scope]) => scope));
        const added = (name: string) => starred.has(name.slice(0, name.lastIndexOf(' ')));
        assert.deepEqual(names(answer.after).filter((n) => !added(n) || names(answer.before).includes(n)), names(answer.before), `bound names differ${where}`);
      });
    });
  });
});
