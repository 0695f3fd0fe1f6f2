import { strict as assert } from 'node:assert';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../src/engine/project';
import { createPythonParser, type PythonParser } from '../../src/engine/python/parser';
import { mergeRegistries, parseMarkdownRegistry, type MarkdownRegistry } from '../../src/engine/registry/markdown';
import { readComment } from '../../src/engine/registry/markdownComments';
import { parseRegistry } from '../../src/engine/registry/parse';
import type { Rule } from '../../src/engine/registry/rules';
import { TempWorkspace } from '../support/tempWorkspace';

const FIXTURES = join(__dirname, '..', 'fixtures', 'markdown');

/** `line: from → to [severity] message` of a rule. */
function show(rule: Rule): string {
  const to = rule.to ? (rule.kind === 'name' ? `${rule.to.module}:${rule.to.name}` : rule.to.module) : '(none)';
  return `${rule.origin.line}: ${rule.from} → ${to} [${rule.severity}]${rule.message ? ` ${rule.message}` : ''}`;
}

describe('markdown registry', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });
  after(() => parser.delete());

  const parseFixture = (name: string): MarkdownRegistry => {
    const file = join(FIXTURES, name);
    return parseMarkdownRegistry(readFileSync(file, 'utf8'), file, parser);
  };
  const parseText = (text: string): MarkdownRegistry => parseMarkdownRegistry(text, '/ws/REG.md', parser);
  const canonicalOf = (r: MarkdownRegistry) => r.canonical.map((c) => `${c.origin.line}: ${c.module}${c.name !== undefined ? `:${c.name}` : ''}`);
  const problemsOf = (r: MarkdownRegistry) => r.problems.map((p) => `${p.line}:${p.column} ${p.severity}: ${p.message}`);

  describe('readComment: the markers', () => {
    it('deprecated symbols and words, in any case', () => {
      for (const c of ['# ❌', '# ✗', '#✘ gone', '# ⛔', '# 🚫', '# DEPRECATED', '# deprecated', '# Broken', '# WRONG', '# old', '# Legacy', '# obsolete', '# incorrect', '# removed', '# avoid', '# DO NOT USE', "# don't use", '# Don’t use', '# not canonical', '# NON-CANONICAL', '# NOT SSOT']) {
        assert.equal(readComment(c).role, 'deprecated', c);
      }
    });

    it('canonical symbols and words, in any case', () => {
      for (const c of ['# ✅', '# ✔️', '# ✓', '# ☑', '# CANONICAL', '# canonical', '# Correct', '# SSOT', '# preferred', '# Recommended']) {
        assert.equal(readComment(c).role, 'canonical', c);
      }
    });

    it('whole words only; no marker, no role; `ssot: ignore` is a directive, not the SSOT marker', () => {
      for (const c of ['# see the OLDER docs', '# SSOT_IMPORTS', '# holds the broker', '# noqa: F401', '# ssot: ignore', '# ssot: ignore[SSOT001]', '# uses the cache']) {
        assert.equal(readComment(c).role, undefined, c);
      }
    });

    it('the first marker decides: "❌ WRONG, the CORRECT one is below" is deprecated, "✅ replaces the old path" canonical', () => {
      assert.equal(readComment('# ❌ WRONG, the CORRECT one is below').role, 'deprecated');
      assert.equal(readComment('# ✅ replaces the old path').role, 'canonical');
      assert.equal(readComment('# the canonical replacement of the OLD module').role, 'canonical');
      assert.equal(readComment('# INCORRECT').role, 'deprecated', 'INCORRECT is not CORRECT');
    });

    it('BROKEN and REMOVED make an error; other markers a warning', () => {
      assert.deepEqual(['# ❌ BROKEN', '# removed in 2.0', '# ❌', '# DEPRECATED', '# ✅'].map((c) => readComment(c).severity), ['error', 'error', 'warning', 'warning', 'warning']);
    });

    it('the target after USE INSTEAD / USE / INSTEAD / REPLACED BY / MOVED TO (with a colon) or an arrow', () => {
      const cases: [string, string][] = [
        ['# USE INSTEAD: from a.b import C', 'from a.b import C'],
        ['# Use instead from a.b import C', 'from a.b import C'],
        ['# use: import a.b', 'import a.b'],
        ['# instead: a.b:C', 'a.b:C'],
        ['# replaced by: from a import b', 'from a import b'],
        ['# Moved to: a.b', 'a.b'],
        ['# ❌ → from a.b import C', 'from a.b import C'],
        ['# ❌ -> from a.b import C', 'from a.b import C'],
        ['# DEPRECATED => import a.b', 'import a.b'],
        ['# USE INSTEAD: `from a.b import C`.', 'from a.b import C'],
      ];
      for (const [comment, target] of cases) assert.equal(readComment(comment).target?.text, target, comment);
      assert.equal(readComment('# USE INSTEAD: from a.b import C').target?.offset, '# USE INSTEAD: '.length);
      assert.equal(readComment('# replaced by app.net').target, undefined, 'prose without a colon is not a target');
      assert.equal(readComment('# ✅ use this one').target, undefined);
    });

    it('a bare target marker on an import line means deprecated', () => {
      assert.equal(readComment('# → from a import b').role, 'deprecated');
      assert.equal(readComment('# USE INSTEAD: from a import b (the canonical one)').role, 'deprecated');
    });

    it('a message after the markers and a separator, or after symbols only', () => {
      const cases: [string, string | undefined][] = [
        ['# ❌ DEPRECATED — moved in #757', 'moved in #757'],
        ['# DEPRECATED: moved in #812', 'moved in #812'],
        ['# broken - removed in 2.0', 'removed in 2.0'],
        ['# ❌ (no replacement yet)', 'no replacement yet'],
        ['# ❌ Configuration SSOT (#757)', 'Configuration SSOT (#757)'],
        ['# ❌ DEPRECATED — USE INSTEAD: from a import b', undefined],
        ['# DEPRECATED location', undefined],
        ['# ❌', undefined],
        ['# moved in #757, DEPRECATED', undefined],
      ];
      for (const [comment, message] of cases) assert.equal(readComment(comment).message, message, comment);
    });
  });

  describe('parseMarkdownRegistry: the fixtures', () => {
    it('emoji markers, USE INSTEAD lines, arrows and renames', () => {
      const r = parseFixture('emoji.md');
      assert.deepEqual(problemsOf(r), []);
      assert.deepEqual(r.rules.map(show), [
        '6: app.core.managers.unified_configuration_manager:ConfigurationManager → app.core.configuration.base:ConfigurationManager [warning] Configuration SSOT (#757)',
        '6: app.core.managers.unified_configuration_manager:Settings → app.core.configuration.base:Settings [warning] Configuration SSOT (#757)',
        '10: app.agents.execution_engine_consolidated → (none) [warning] merged into the supervisor',
        '11: app.websocket_core.manager:HeartbeatConfig → test_framework.ssot.orchestration_enums:HeartbeatConfig [warning]',
        '12: app.utils.dates:parse_date → app.common.time:parse_datetime [warning]',
      ]);
      assert.deepEqual(canonicalOf(r), ['8: app.core.configuration.base:ConfigurationManager', '8: app.core.configuration.base:Settings', '14: app.common.time:parse_datetime']);
      assert.deepEqual(r.rules.map((x) => x.kind), ['name', 'name', 'module', 'name', 'name']);
      assert.ok(r.rules.every((x) => x.origin.file === join(FIXTURES, 'emoji.md')));
    });

    it('marker words, module rules from `import a.b` and `from a.b import *`, pairing with a canonical line', () => {
      const r = parseFixture('words.md');
      assert.deepEqual(problemsOf(r), []);
      assert.deepEqual(r.rules.map(show), [
        '4: app.auth.legacy:TokenValidator → app.auth.tokens:TokenValidator [warning] moved in #812',
        '6: app.db.old_session → app.db.session [error] removed in 2.0',
        '8: app.cache:redis_client → app.cache.clients:redis_client [warning]',
        '10: app.metrics → app.observability.metrics [warning]',
        '12: app.http.client:HttpClient → app.net.http:HttpClient [warning] replaced by app.net.http',
        '16: app.reports:build → (none) [warning]',
      ]);
      assert.deepEqual(canonicalOf(r), ['9: app.cache.clients:redis_client', '13: app.net.http:HttpClient', '14: app.net.http:Session', '15: app.net.retry']);
    });

    it('broken/correct pairs: section headers, pairs of lines; ambiguous or cross-block pairs get no target', () => {
      const r = parseFixture('pairs.md');
      assert.deepEqual(r.rules.map(show), [
        '7: app.agents.registry:AgentRegistry → app.agents.supervisor.registry:AgentRegistry [error]',
        '7: app.agents.registry:default_registry → app.agents.supervisor.registry:default_registry [error]',
        '8: app.legacy.config → app.settings.config [error]',
        '16: app.tools.old_loader:load_tool → app.tools.loader:load_tool [error]',
        '18: app.tools.old_loader:ToolSpec → (none) [error]',
        '21: app.tools.old_loader:unload_tool → (none) [warning] no replacement yet',
        '27: app.tools.old_loader:load_tool_async → (none) [warning]',
      ]);
      assert.deepEqual(problemsOf(r), [
        "18:34 warning: 'ToolSpec' could be replaced by several canonical imports of this block (app.tools.spec:ToolSpec, app.tools.schema:ToolSpec), so its rule has no replacement: add a line # USE INSTEAD: from new.module import ToolSpec right after it",
      ]);
      assert.deepEqual(canonicalOf(r), [
        '11: app.agents.supervisor.registry:AgentRegistry',
        '11: app.agents.supervisor.registry:default_registry',
        '12: app.settings.config',
        '17: app.tools.loader:load_tool',
        '19: app.tools.spec:ToolSpec',
        '20: app.tools.schema:ToolSpec',
        '31: app.tools.loader:load_tool_async',
      ]);
    });

    it('nested lists, ~~~ and ```` fences, indented fences, block quotes, {.python}; other languages and indented code ignored', () => {
      const r = parseFixture('layouts.md');
      assert.deepEqual(problemsOf(r), []);
      assert.deepEqual(r.rules.map(show), [
        '7: app.layout.nested:Deep → app.layout.flat:Deep [warning]',
        '14: app.layout.tilde → app.layout.tilde_new [warning]',
        '19: app.layout.indented:Indented → app.layout.outdented:Indented [warning]',
        '25: app.layout.quoted:Quoted → app.layout.unquoted:Quoted [warning]',
        '29: app.layout.four:Four → app.layout.five:Four [warning]',
        '57: app.layout.unlabelled:Plain → app.layout.labelled:Plain [warning]',
      ]);
    });

    it('CRLF line endings: the same lines and columns', () => {
      const text = readFileSync(join(FIXTURES, 'crlf.md'), 'utf8');
      assert.ok(text.includes('\r\n') && !/[^\r]\n/.test(text), 'the fixture has CRLF line endings only');
      const r = parseFixture('crlf.md');
      assert.deepEqual(problemsOf(r), []);
      assert.deepEqual(r.rules.map(show), ['4: app.crlf.old:Thing → app.crlf.new:Thing [warning]', '12: app.crlf.module → app.crlf.module2 [error]']);
      assert.deepEqual(canonicalOf(r), ['6: app.crlf.new:Thing']);
      // a mistake is reported at its column, indentation of the list item included
      const broken = parseText(text.replace('# USE INSTEAD: import app.crlf.module2', '# USE INSTEAD: app.crlf/module2'));
      assert.deepEqual(problemsOf(broken), ['13:18 error: USE INSTEAD "app.crlf/module2" is not an import: write # USE INSTEAD: from package.module import Name (or import package.module)']);
    });

    it('a block with syntax errors: the valid lines are read, a broken deprecated line is an error, a broken canonical one a warning', () => {
      const r = parseFixture('syntax-error.md');
      assert.deepEqual(r.rules.map(show), ['4: app.good.old:Fine → app.good.new:Fine [warning]']);
      assert.deepEqual(canonicalOf(r), ['8: app.good.new:Fine']);
      assert.deepEqual(problemsOf(r), [
        '6:1 warning: this import is marked canonical but is not valid Python, so it is not read: write one import statement, e.g. from package.module import Name  # ✅ CANONICAL',
        '7:1 error: this import is marked deprecated but is not valid Python, so no rule can be made of it: write one import statement, e.g. from package.module import Name  # ❌ DEPRECATED',
      ]);
    });

    it('mistakes: a USE INSTEAD that is not an import, a relative import, a target of the wrong kind, names that cannot be matched, an orphan USE INSTEAD', () => {
      const r = parseFixture('problems.md');
      assert.deepEqual(problemsOf(r), [
        '6:1 error: a relative import cannot be a registry rule: write the absolute module, e.g. from package.relative import Name  # ❌ DEPRECATED',
        '5:16 error: USE INSTEAD "the new config module" is not an import: write # USE INSTEAD: from package.module import Name (or import package.module)',
        "8:16 error: 'import app.p.mod' deprecates a module, but the replacement \"from app.p import newmod\" imports a name: write # USE INSTEAD: import new.module",
        '10:16 error: cannot tell which of E, F in "from app.p.new import E, F" replaces which of C, D: import the new names as the old ones (from app.p.new import New as Old), or give each deprecated name its own line and USE INSTEAD',
        '24:1 warning: this USE INSTEAD line follows no deprecated import, so it is not read: put it on the line right after the import it replaces (no blank line between)',
      ]);
      assert.ok(r.problems.every((p) => p.file === join(FIXTURES, 'problems.md')));
    });
  });

  describe('parseMarkdownRegistry: mapping imports to rules', () => {
    const rulesOf = (python: string, fence = 'python') => {
      const r = parseText(`# R\n\n\`\`\`${fence}\n${python}\n\`\`\`\n`);
      return { rules: r.rules.map(show), problems: problemsOf(r), canonical: canonicalOf(r) };
    };

    it('a multi-name line with a module-only target: one rule per name, keeping the names', () => {
      assert.deepEqual(rulesOf('from a.b import X, Y as Z  # ❌\n# USE INSTEAD: import c.d').rules, ['4: a.b:X → c.d:X [warning]', '4: a.b:Y → c.d:Y [warning]']);
      assert.deepEqual(rulesOf('from a.b import X, Y  # ❌\n# USE INSTEAD: c.d').rules, ['4: a.b:X → c.d:X [warning]', '4: a.b:Y → c.d:Y [warning]']);
      assert.deepEqual(rulesOf('from a.b import X, Y  # ❌\n# USE INSTEAD: from c.d import *').rules, ['4: a.b:X → c.d:X [warning]', '4: a.b:Y → c.d:Y [warning]']);
      // a target naming some of the names: the others go to the same module
      assert.deepEqual(rulesOf('from a.b import X, Y  # ❌\n# USE INSTEAD: from c.d import X').rules, ['4: a.b:X → c.d:X [warning]', '4: a.b:Y → c.d:Y [warning]']);
    });

    it('renames: one name for one, `New as Old`, `module:Name`; a dotted path ending in the name, a module path', () => {
      assert.deepEqual(rulesOf('from a.b import Old  # ❌\n# USE INSTEAD: from c.d import New').rules, ['4: a.b:Old → c.d:New [warning]']);
      assert.deepEqual(rulesOf('from a.b import Old, Keep  # ❌\n# USE INSTEAD: from c.d import New as Old, Keep').rules, ['4: a.b:Old → c.d:New [warning]', '4: a.b:Keep → c.d:Keep [warning]']);
      assert.deepEqual(rulesOf('from a.b import Old, Keep  # ❌\n# USE INSTEAD: from c.d import Keep, New').rules, ['4: a.b:Old → c.d:New [warning]', '4: a.b:Keep → c.d:Keep [warning]']);
      assert.deepEqual(rulesOf('from a.b import Old  # ❌ → c.d:New').rules, ['4: a.b:Old → c.d:New [warning]']);
      assert.deepEqual(rulesOf('from a.b import X  # ❌ → c.d.X').rules, ['4: a.b:X → c.d:X [warning]']);
      assert.deepEqual(rulesOf('from a.b import X  # ❌ → c.d').rules, ['4: a.b:X → c.d:X [warning]']);
    });

    it('module rules: `import a.b`, `import a.b as m`, several modules in order, `from a import *`', () => {
      assert.deepEqual(rulesOf('import a.b as m  # ❌\n# USE INSTEAD: import c.d as m').rules, ['4: a.b → c.d [warning]']);
      assert.deepEqual(rulesOf('import a.b, a.c  # ❌\n# USE INSTEAD: import n.b, n.c').rules, ['4: a.b → n.b [warning]', '4: a.c → n.c [warning]']);
      assert.deepEqual(rulesOf('from a.b import *  # ❌\n# USE INSTEAD: import c.d').rules, ['4: a.b → c.d [warning]']);
      assert.deepEqual(rulesOf('import a.b, a.c  # ❌\n# USE INSTEAD: import n.b').problems, [
        '5:16 error: the replacement "import n.b" lists 1 module for 2 deprecated ones: list as many modules, in the same order, or give each deprecated module its own line and USE INSTEAD',
      ]);
    });

    it('parenthesised imports: a marker applies to the names on its line, or to the statement on a line without names', () => {
      assert.deepEqual(rulesOf('from a.b import (  # ❌\n    X,\n    Y,\n)\n# USE INSTEAD: from c.d import X, Y').rules, ['5: a.b:X → c.d:X [warning]', '6: a.b:Y → c.d:Y [warning]']);
      const mixed = rulesOf('from a.b import (\n    X,  # ❌ → from c.d import X\n    Y,  # ✅\n)');
      assert.deepEqual(mixed.rules, ['5: a.b:X → c.d:X [warning]']);
      assert.deepEqual(mixed.canonical, ['6: a.b:Y']);
    });

    it('a section header lasts until a blank line or the next header; a line marker overrides it', () => {
      const r = rulesOf('# ❌ DEPRECATED\nfrom a import X\nfrom a import Y  # ✅\n\nfrom a import Z\n# ✅ CANONICAL\nfrom n import X');
      assert.deepEqual(r.rules, ['5: a:X → n:X [warning]']);
      assert.deepEqual(r.canonical, ['6: a:Y', '10: n:X']);
    });

    it('comment lines between the import and its USE INSTEAD are allowed; a blank line ends the chance', () => {
      assert.deepEqual(rulesOf('from a import X  # ❌\n# it caused circular imports\n# USE INSTEAD: from n import X').rules, ['4: a:X → n:X [warning]']);
      const r = rulesOf('from a import X  # ❌\n\n# USE INSTEAD: from n import X');
      assert.deepEqual(r.rules, ['4: a:X → (none) [warning]']);
      assert.equal(r.problems.length, 1);
    });

    it('a target that is the import itself is an error; markers on code that is not an import are ignored', () => {
      assert.deepEqual(rulesOf('from a import X  # ❌\n# USE INSTEAD: from a import X').problems, [
        "5:16 error: the replacement of 'a:X' is 'a:X' itself: name the new path, or remove the USE INSTEAD line if it has no replacement",
      ]);
      assert.deepEqual(rulesOf('config = load()  # ❌ old API\nConfig()  # ✅'), { rules: [], problems: [], canonical: [] });
    });

    it('a canonical import pairs with a module of the same last segment or alias', () => {
      assert.deepEqual(rulesOf('import app.old.config  # ❌\nimport app.core.config  # ✅').rules, ['4: app.old.config → app.core.config [warning]']);
      assert.deepEqual(rulesOf('import app.old_cfg as cfg  # ❌\nimport app.core.settings as cfg  # ✅').rules, ['4: app.old_cfg → app.core.settings [warning]']);
      assert.deepEqual(rulesOf('import app.old_cfg  # ❌\nimport app.core.settings  # ✅').rules, ['4: app.old_cfg → (none) [warning]']);
      assert.deepEqual(rulesOf('from app.old import Cfg  # ❌\nfrom app.new import Settings as Cfg  # ✅').rules, ['4: app.old:Cfg → app.new:Settings [warning]']);
    });

    it('fence labels: python, py, python3, py3, `python title=…`; an unlabelled fence only when it is imports and comments', () => {
      for (const fence of ['python', 'py', 'Python3', 'py3', 'python title="x.py"', '{.python}', '']) {
        assert.deepEqual(rulesOf('from a import X  # ❌', fence).rules, ['4: a:X → (none) [warning]'], fence);
      }
      for (const fence of ['pycon', 'text', 'bash', 'diff', 'toml']) assert.deepEqual(rulesOf('from a import X  # ❌', fence).rules, [], fence);
      assert.deepEqual(rulesOf('from a import X  # ❌\nprint(X)', '').rules, []);
    });

    it('a BOM and an unterminated fence at the end of the file', () => {
      const r = parseText('\uFEFF```python\nfrom a import X  # ❌\n');
      assert.deepEqual(r.rules.map(show), ['2: a:X → (none) [warning]']);
    });

    it('NFKC-normalised names, as Python compares them', () => {
      assert.deepEqual(rulesOf('from a import ﬁx  # ❌\n# USE INSTEAD: from b import ﬁx').rules, ['4: a:fix → b:fix [warning]']);
    });
  });

  describe('mergeRegistries', () => {
    const rule = (from: string, to: string | undefined, file: string, line: number): Rule => {
      const [module, name] = from.split(':') as [string, string | undefined];
      return { from, kind: name ? 'name' : 'module', module, ...(name ? { name } : {}), ...(to ? { to: name ? { module: to, name } : { module: to } } : {}), severity: 'warning', origin: { file, line } };
    };
    const md = (file: string, rules: Rule[], canonical: MarkdownRegistry['canonical'] = []): MarkdownRegistry => ({ file, rules, canonical, problems: [] });

    it('a TOML rule beats a markdown rule for the same from, silently', () => {
      const merged = mergeRegistries([rule('a:X', 't', '/ws/ssot-imports.toml', 2)], [md('/ws/R.md', [rule('a:X', 'm', '/ws/R.md', 5), rule('b', 'c', '/ws/R.md', 6)])]);
      assert.deepEqual(merged.problems, []);
      assert.deepEqual(merged.rules.map((r) => [r.from, r.to?.module, r.origin.file]), [['a:X', 't', '/ws/ssot-imports.toml'], ['b', 'c', '/ws/R.md']]);
    });

    it('two markdown rules for the same from: equal targets merge, a target beats none, different targets are an error', () => {
      const same = mergeRegistries([], [md('/ws/A.md', [rule('a:X', 'n', '/ws/A.md', 3)]), md('/ws/B.md', [rule('a:X', 'n', '/ws/B.md', 9)])]);
      assert.deepEqual([same.problems, same.rules.map((r) => r.origin.line)], [[], [3]]);
      const filled = mergeRegistries([], [md('/ws/A.md', [rule('a:X', undefined, '/ws/A.md', 3), rule('a:X', 'n', '/ws/A.md', 7)])]);
      assert.deepEqual([filled.problems, filled.rules.map((r) => [r.origin.line, r.to?.module])], [[], [[7, 'n']]]);
      const clash = mergeRegistries([], [md('/ws/A.md', [rule('a:X', 'n', '/ws/A.md', 3)]), md('/ws/B.md', [rule('a:X', 'o', '/ws/B.md', 9)])], (f) => f.slice(4));
      assert.deepEqual(clash.problems.map((p) => [p.file, p.line, p.severity, p.message]), [
        ['/ws/B.md', 9, 'error', "conflicting rules for 'a:X': A.md:3 moves it to 'n:X', this line to 'o:X': make the two agree or remove one"],
      ]);
    });

    it('a path marked canonical that a rule deprecates: an error against a markdown rule, a warning against a TOML rule', () => {
      const canonical = [{ module: 'a', name: 'X', origin: { file: '/ws/A.md', line: 12 } }, { module: 'old.mod', name: 'Y', origin: { file: '/ws/A.md', line: 13 } }];
      const merged = mergeRegistries([rule('old.mod', 'new.mod', '/ws/ssot-imports.toml', 2)], [md('/ws/A.md', [rule('a:X', undefined, '/ws/A.md', 3)], canonical)], (f) => f.slice(4));
      assert.deepEqual(merged.problems.map((p) => [p.line, p.severity, p.message]), [
        [12, 'error', "'a:X' is marked canonical here, but the rule for 'a:X' (line 3) deprecates it: remove one of the two markers"],
        [13, 'warning', "'old.mod:Y' is marked canonical here, but the rule for 'old.mod' (ssot-imports.toml:2) deprecates it: the rule wins; fix the markdown"],
      ]);
    });

    it('the problems fixture: conflicting duplicates and a path both deprecated and canonical', () => {
      const r = parseFixture('problems.md');
      const merged = mergeRegistries([], [r], (f) => f);
      assert.deepEqual(merged.problems.slice(r.problems.length).map((p) => [p.line, p.severity, p.message]), [
        [18, 'error', "conflicting rules for 'app.p.dup:X': line 14 moves it to 'app.p.one:X', this line to 'app.p.two:X': make the two agree or remove one"],
        [20, 'error', "'app.p.both:Y' is marked canonical here, but the rule for 'app.p.both:Y' (line 19) deprecates it: remove one of the two markers"],
      ]);
    });
  });

  describe('configuration: [registry] markdown', () => {
    const problemsIn = (text: string, format: 'ssot-imports.toml' | 'pyproject.toml' = 'ssot-imports.toml') => parseRegistry(text, `/ws/${format}`, format).problems.map((p) => `${p.line}: ${p.message}`);

    it('a registry of markdown only has no "no rules" error, in ssot-imports.toml and in pyproject.toml', () => {
      const toml = parseRegistry('[registry]\nmarkdown = ["docs/SSOT_IMPORT_REGISTRY.md", "docs/more.md"]\n', '/ws/ssot-imports.toml', 'ssot-imports.toml');
      assert.deepEqual(toml.problems, []);
      assert.deepEqual(toml.markdown?.map((m) => [m.path, m.span.line]), [['docs/SSOT_IMPORT_REGISTRY.md', 2], ['docs/more.md', 2]]);
      const py = parseRegistry('[project]\nname = "x"\n\n[tool.ssot-imports.registry]\nmarkdown = [\n  "docs/R.md",\n]\n', '/ws/pyproject.toml', 'pyproject.toml');
      assert.deepEqual([py.present, py.problems, py.markdown?.map((m) => [m.path, m.span.line])], [true, [], [['docs/R.md', 6]]]);
    });

    it('rules and markdown together; a duplicate path is listed once', () => {
      const parsed = parseRegistry('[registry]\nmarkdown = ["a.md", "a.md"]\n\n[[rule]]\nfrom = "x"\n', '/ws/ssot-imports.toml', 'ssot-imports.toml');
      assert.deepEqual([parsed.problems, parsed.rules.map((r) => r.from), parsed.markdown?.map((m) => m.path)], [[], ['x'], ['a.md']]);
    });

    it('unknown keys with suggestions, wrong types, empty entries', () => {
      assert.deepEqual(problemsIn('[registry]\nmarkdwn = ["a.md"]\n'), [
        `2: unknown key 'markdwn' in [registry]; did you mean 'markdown'?; [registry] has the key markdown, e.g. markdown = ["docs/SSOT_IMPORT_REGISTRY.md"]`,
      ]);
      assert.deepEqual(problemsIn('[registy]\nmarkdown = ["a.md"]\n[[rule]]\nfrom = "a"\n'), [
        `1: unknown key 'registy' in ssot-imports.toml; did you mean 'registry'?; list markdown registries in a [registry] table`,
      ]);
      assert.deepEqual(problemsIn('[tool.ssot-imports.registry]\nmarkdown = "docs/R.md"\n', 'pyproject.toml'), [
        `2: 'markdown' must be an array of paths relative to the workspace root: write markdown = ["docs/R.md"]`,
      ]);
      assert.deepEqual(problemsIn('[registry]\nmarkdown = 3\n'), [`2: 'markdown' must be an array of paths relative to the workspace root: write markdown = ["docs/SSOT_IMPORT_REGISTRY.md"]`]);
      assert.deepEqual(problemsIn('[registry]\nmarkdown = [\n  "ok.md",\n  1,\n  "",\n]\n'), [
        `4: each entry of 'markdown' must be the path of a markdown file relative to the workspace root, e.g. markdown = ["docs/SSOT_IMPORT_REGISTRY.md"]; 1 is not`,
        `5: each entry of 'markdown' must be the path of a markdown file relative to the workspace root, e.g. markdown = ["docs/SSOT_IMPORT_REGISTRY.md"]; "" is not`,
      ]);
      assert.deepEqual(problemsIn('registry = 1\n[[rule]]\nfrom = "a"\n'), [`1: 'registry' must be a table: write [registry] with markdown = ["docs/SSOT_IMPORT_REGISTRY.md"]`]);
    });

    it('a [registry] without files and without rules has no rules', () => {
      assert.deepEqual(problemsIn('[registry]\nmarkdown = []\n'), ['1: ssot-imports.toml has no rules: add a [[rule]] table with from = "package.module", or list a markdown registry in markdown = ["docs/SSOT_IMPORT_REGISTRY.md"]']);
    });

    it('a registry with errors lists no markdown files', () => {
      assert.equal(parseRegistry('[registry]\nmarkdown = ["a.md"]\n[[rule]]\nfrom = "a..b"\n', '/ws/ssot-imports.toml', 'ssot-imports.toml').markdown, undefined);
    });
  });

  describe('loadProject with markdown registries (files on disk)', () => {
    let ws: TempWorkspace;
    let root: string;
    const open = (files: Record<string, string>) => {
      ws = new TempWorkspace(files);
      root = realpathSync(ws.root);
      return loadProject(root);
    };
    afterEach(() => ws?.dispose());

    it('reads the markdown files relative to the root; registrySources lists the TOML file and every markdown file', async () => {
      const project = await open({
        'ssot-imports.toml': '[registry]\nmarkdown = ["docs/SSOT_IMPORT_REGISTRY.md"]\n',
        'docs/SSOT_IMPORT_REGISTRY.md': readFileSync(join(FIXTURES, 'emoji.md'), 'utf8'),
      });
      assert.deepEqual(project.problems, []);
      assert.equal(project.registry?.size, 5);
      assert.deepEqual(project.registry?.nameRule('app.utils.dates', 'parse_date')?.to, { module: 'app.common.time', name: 'parse_datetime' });
      assert.deepEqual(project.registry?.moduleRule('app.agents.execution_engine_consolidated')?.rule.origin, { file: join(root, 'docs', 'SSOT_IMPORT_REGISTRY.md'), line: 10 });
      assert.deepEqual(project.registrySources, [join(root, 'ssot-imports.toml'), join(root, 'docs', 'SSOT_IMPORT_REGISTRY.md')]);
      assert.deepEqual(project.canonical.map((c) => [c.module, c.name, c.origin.line]), [
        ['app.core.configuration.base', 'ConfigurationManager', 8],
        ['app.core.configuration.base', 'Settings', 8],
        ['app.common.time', 'parse_datetime', 14],
      ]);
    });

    it('pyproject.toml: [tool.ssot-imports.registry] with [[tool.ssot-imports.rule]]; the TOML rule wins over the markdown one', async () => {
      const project = await open({
        'pyproject.toml': '[project]\nname = "x"\n\n[tool.ssot-imports.registry]\nmarkdown = ["REG.md"]\n\n[[tool.ssot-imports.rule]]\nfrom = "a:X"\nto = "toml.wins"\n',
        'REG.md': '```python\nfrom a import X  # ❌ → from md.loses import X\nfrom b import Y  # ❌\n```\n',
      });
      assert.deepEqual(project.problems, []);
      assert.deepEqual(project.registry?.rules.map((r) => [r.from, r.to?.module, r.origin.line]), [['a:X', 'toml.wins', 8], ['b:Y', undefined, 3]]);
      assert.deepEqual(project.registrySources, [join(root, 'pyproject.toml'), join(root, 'REG.md')]);
    });

    it('a listed file that does not exist (or is a folder) is an error on its line of the TOML file; the file is still watched', async () => {
      const project = await open({ 'ssot-imports.toml': '[registry]\nmarkdown = [\n  "docs/missing.md",\n  "docs",\n]\n', 'docs/other.md': '' });
      assert.equal(project.registry, undefined);
      assert.deepEqual(project.problems.map((p) => [p.file, p.line, p.column, p.severity]), [
        [join(root, 'ssot-imports.toml'), 3, 3, 'error'],
        [join(root, 'ssot-imports.toml'), 4, 3, 'error'],
      ]);
      assert.equal(project.problems[0]!.message, `markdown registry "docs/missing.md" does not exist (${join(root, 'docs', 'missing.md')}): fix the path in markdown = [...]; paths are relative to the workspace root ${root}`);
      assert.match(project.problems[1]!.message, /^markdown registry "docs" is a folder, not a markdown file/);
      assert.deepEqual(project.registrySources, [join(root, 'ssot-imports.toml'), join(root, 'docs', 'missing.md'), join(root, 'docs')]);
    });

    it('an error in a markdown file: no registry, the problem names the markdown file and line', async () => {
      const project = await open({ 'ssot-imports.toml': '[registry]\nmarkdown = ["R.md"]\n', 'R.md': '# R\n\n```python\nfrom a import X  # ❌\n# USE INSTEAD: somewhere else\n```\n' });
      assert.equal(project.registry, undefined);
      assert.deepEqual(project.canonical, []);
      assert.deepEqual(project.problems.map((p) => [p.file, p.line, p.severity]), [[join(root, 'R.md'), 5, 'error']]);
    });

    it('conflicting rules in two markdown files are an error naming the other file', async () => {
      const project = await open({
        'ssot-imports.toml': '[registry]\nmarkdown = ["docs/A.md", "docs/B.md"]\n',
        'docs/A.md': '```python\nfrom a import X  # ❌ → from n import X\n```\n',
        'docs/B.md': '```python\nfrom a import X  # ❌ → from o import X\n```\n',
      });
      assert.equal(project.registry, undefined);
      assert.deepEqual(project.problems.map((p) => [p.file, p.line, p.message]), [
        [join(root, 'docs', 'B.md'), 2, "conflicting rules for 'a:X': docs/A.md:2 moves it to 'n:X', this line to 'o:X': make the two agree or remove one"],
      ]);
    });

    it('a markdown file without marked imports is a warning; the registry still loads', async () => {
      const project = await open({ 'ssot-imports.toml': '[registry]\nmarkdown = ["R.md"]\n\n[[rule]]\nfrom = "a"\n', 'R.md': '# Nothing here\n\n```python\nimport os\n```\n' });
      assert.equal(project.registry?.size, 1);
      assert.deepEqual(project.problems.map((p) => [p.file, p.line, p.severity]), [[join(root, 'R.md'), 1, 'warning']]);
      assert.match(project.problems[0]!.message, /^R\.md has no marked imports: /);
    });

    it('without markdown: registrySources is the TOML file, canonical is empty', async () => {
      const project = await open({ 'ssot-imports.toml': '[[rule]]\nfrom = "a"\n' });
      assert.deepEqual([project.registrySources, project.canonical], [[join(root, 'ssot-imports.toml')], []]);
    });
  });
});
