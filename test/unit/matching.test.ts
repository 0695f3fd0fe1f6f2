import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkSource, findDeprecatedImports, mayMatch, type CheckContext } from '../../src/engine/check';
import type { Finding, Range, Severity } from '../../src/engine/findings';
import { moduleOfFile, resolveRelative, type FileModule } from '../../src/engine/modules';
import { loadProject } from '../../src/engine/project';
import { extractImports } from '../../src/engine/python/imports';
import { createPythonParser, type PythonParser } from '../../src/engine/python/parser';
import { parseRegistry } from '../../src/engine/registry/parse';
import { Registry } from '../../src/engine/registry/registry';

const ROOT = '/ws';
const REGISTRY_FILE = '/ws/ssot-imports.toml';

const pos = (r: Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
/** `span message` of a finding. */
const fmt = (f: Finding): string => `${pos(f.range)} ${f.message}`;

/** A registry from ssot-imports.toml text, which must be valid. */
function registry(toml: string): Registry {
  const parsed = parseRegistry(toml, REGISTRY_FILE, 'ssot-imports.toml');
  assert.deepEqual(parsed.problems, [], 'the test registry must be valid');
  return new Registry(parsed.rules);
}

/** Every (text, file module, registry, findings) the tests check, for the mayMatch property at the end. */
const observed: { text: string; fileModule: FileModule | undefined; registry: Registry; findings: number }[] = [];

describe('matching imports against the registry', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });
  after(() => {
    parser.delete();
  });

  /** The findings of `text` in `file` (under ROOT unless the roots say otherwise). */
  function check(reg: Registry, text: string, options: { file?: string; sourceRoots?: readonly string[]; severityOverride?: Severity } = {}): Finding[] {
    const file = options.file ?? join(ROOT, 'app', 'main.py');
    const sourceRoots = options.sourceRoots ?? [ROOT];
    const ctx: CheckContext = { registry: reg, sourceRoots, ...(options.severityOverride ? { severityOverride: options.severityOverride } : {}) };
    const fileModule = moduleOfFile(file, sourceRoots);
    const tree = parser.parse(text);
    try {
      const findings = findDeprecatedImports(extractImports(tree), fileModule, ctx);
      observed.push({ text, fileModule, registry: reg, findings: findings.length });
      for (const f of findings) {
        assert.equal(f.code, 'SSOT001');
        assert.ok(reg.rules.some((r) => r.from === f.ruleFrom && r.origin.line === f.origin.line && r.origin.file === f.origin.file), 'ruleFrom/origin name a rule');
      }
      return findings;
    } finally {
      tree.delete();
    }
  }
  const messages = (reg: Registry, text: string, options?: Parameters<typeof check>[2]) => check(reg, text, options).map(fmt);

  describe('Registry.moduleRule precedence', () => {
    const reg = registry('[[rule]]\nfrom = "a.b"\nto = "x"\n[[rule]]\nfrom = "a.b.*"\nto = "y.*"\n[[rule]]\nfrom = "a.*"\nto = "n.*"\n[[rule]]\nfrom = "a.b.c.*"\n[[rule]]\nfrom = "a.b:X"\nto = "q:Z"\n');
    const rule = (m: string) => {
      const match = reg.moduleRule(m);
      return match && [match.rule.from, match.newModule];
    };

    it('the exact module rule beats the package rule of the same module', () => {
      assert.deepEqual(rule('a.b'), ['a.b', 'x']);
    });

    it('else the longest package prefix, mapping the submodule path', () => {
      assert.deepEqual(rule('a.b.d'), ['a.b.*', 'y.d']);
      assert.deepEqual(rule('a.b.d.e'), ['a.b.*', 'y.d.e']);
      assert.deepEqual(rule('a.x'), ['a.*', 'n.x']);
      assert.deepEqual(rule('a'), ['a.*', 'n']);
    });

    it('a package rule without `to` has no new module', () => {
      assert.deepEqual(rule('a.b.c'), ['a.b.c.*', undefined]);
      assert.deepEqual(rule('a.b.c.z'), ['a.b.c.*', undefined]);
    });

    it('a prefix must end at a dot', () => {
      assert.equal(rule('ab'), undefined);
      assert.deepEqual(rule('a.bc'), ['a.*', 'n.bc']);
      assert.equal(rule('b.a'), undefined);
    });

    it('name rules are looked up by module and name only', () => {
      assert.equal(reg.nameRule('a.b', 'X')?.from, 'a.b:X');
      assert.equal(reg.nameRule('a.b', 'Y'), undefined);
      assert.equal(reg.nameRule('a', 'b'), undefined);
    });

    it('covers: the rule module itself, and for a package rule every module inside it', () => {
      const moduleRule = reg.moduleRule('a.b')!.rule;
      const packageRule = reg.moduleRule('a.b.d')!.rule;
      assert.deepEqual(['a.b', 'a.b.d', 'a', 'a.bc', undefined].map((m) => Registry.covers(moduleRule, m)), [true, false, false, false, false]);
      assert.deepEqual(['a.b', 'a.b.d', 'a', 'a.bc', undefined].map((m) => Registry.covers(packageRule, m)), [true, true, false, false, false]);
    });
  });

  describe('import M', () => {
    const reg = registry('[[rule]]\nfrom = "old.mod"\nto = "new.mod"\n[[rule]]\nfrom = "legacy.*"\nto = "modern.core.*"\n[[rule]]\nfrom = "gone"\n');

    it('flags the span of M, with or without an alias, among other modules', () => {
      assert.deepEqual(messages(reg, 'import old.mod\nimport old.mod as m\nimport os, old.mod, sys\n'), [
        "0:7-0:14 'old.mod' is deprecated: import 'new.mod'",
        "1:7-1:14 'old.mod' is deprecated: import 'new.mod'",
        "2:11-2:18 'old.mod' is deprecated: import 'new.mod'",
      ]);
    });

    it('the replacement of a module rule', () => {
      assert.deepEqual(check(reg, 'import old.mod as m\n').map((f) => [f.replacement, f.ruleFrom, f.origin, f.severity]), [
        [{ kind: 'module', oldModule: 'old.mod', newModule: 'new.mod' }, 'old.mod', { file: REGISTRY_FILE, line: 2 }, 'warning'],
      ]);
    });

    it('a package rule maps the package and each submodule', () => {
      assert.deepEqual(check(reg, 'import legacy\nimport legacy.a.b\n').map((f) => [fmt(f), f.replacement]), [
        ["0:7-0:13 'legacy' is deprecated: import 'modern.core'", { kind: 'module', oldModule: 'legacy', newModule: 'modern.core' }],
        ["1:7-1:17 'legacy.a.b' is deprecated: import 'modern.core.a.b'", { kind: 'module', oldModule: 'legacy.a.b', newModule: 'modern.core.a.b' }],
      ]);
    });

    it('an exact module rule covers neither its parent nor its submodules', () => {
      assert.deepEqual(messages(reg, 'import old\nimport old.mod.sub\nimport old.module\nimport legacyx\n'), []);
    });

    it('a rule without `to`: no replacement', () => {
      const findings = check(reg, 'import gone\n');
      assert.deepEqual(findings.map(fmt), ["0:7-0:11 'gone' is deprecated and has no replacement"]);
      assert.equal('replacement' in findings[0]!, false);
    });
  });

  describe('from M import n', () => {
    it('a name rule flags the span of the name (also aliased)', () => {
      const reg = registry('[[rule]]\nfrom = "app.ws.manager:HeartbeatConfig"\nto = "tf.enums:Heartbeat"\n');
      const findings = check(reg, 'from app.ws.manager import HeartbeatConfig as HC, other\n');
      assert.deepEqual(findings.map(fmt), ["0:27-0:42 'app.ws.manager.HeartbeatConfig' is deprecated: import 'Heartbeat' from 'tf.enums'"]);
      assert.deepEqual(findings[0]!.replacement, { kind: 'name', oldModule: 'app.ws.manager', oldName: 'HeartbeatConfig', newModule: 'tf.enums', newName: 'Heartbeat' });
    });

    it('a name rule whose `to` is a module keeps the name', () => {
      const reg = registry('[[rule]]\nfrom = "a.b:X"\nto = "c"\n');
      assert.deepEqual(check(reg, 'from a.b import X\n').map((f) => [fmt(f), f.replacement]), [
        ["0:16-0:17 'a.b.X' is deprecated: import 'X' from 'c'", { kind: 'name', oldModule: 'a.b', oldName: 'X', newModule: 'c', newName: 'X' }],
      ]);
    });

    it('a name rule does not apply to `import M` nor to other names', () => {
      const reg = registry('[[rule]]\nfrom = "a.b:X"\nto = "c"\n');
      assert.deepEqual(messages(reg, 'import a.b\nfrom a.b import Y\nfrom a import X\nfrom a.b.X import y\n'), []);
    });

    it('a module rule reports every name of the statement once, on the span of M; `*` counts as a name', () => {
      const reg = registry('[[rule]]\nfrom = "m.old"\nto = "m.new"\n');
      const findings = check(reg, 'from m.old import x, y as z\nfrom m.old import (\n    a,\n    b,\n)\nfrom m.old import *\n');
      assert.deepEqual(findings.map((f) => [fmt(f), f.replacement]), [
        ["0:5-0:10 'm.old' is deprecated: import 'x', 'y' from 'm.new'", { kind: 'from-module', oldModule: 'm.old', newModule: 'm.new', names: ['x', 'y'] }],
        ["1:5-1:10 'm.old' is deprecated: import 'a', 'b' from 'm.new'", { kind: 'from-module', oldModule: 'm.old', newModule: 'm.new', names: ['a', 'b'] }],
        ["5:5-5:10 'm.old' is deprecated: import '*' from 'm.new'", { kind: 'from-module', oldModule: 'm.old', newModule: 'm.new', names: ['*'] }],
      ]);
    });

    it('a name rule overrides the module rule for its name; the module rule reports the rest', () => {
      const reg = registry('[[rule]]\nfrom = "a.b"\nto = "c.d"\n[[rule]]\nfrom = "a.b:X"\nto = "e:Z"\n');
      const findings = check(reg, 'from a.b import Y, X, W as V\n');
      assert.deepEqual(findings.map(fmt), [
        "0:5-0:8 'a.b' is deprecated: import 'Y', 'W' from 'c.d'",
        "0:19-0:20 'a.b.X' is deprecated: import 'Z' from 'e'",
      ]);
      assert.deepEqual(findings.map((f) => f.ruleFrom), ['a.b', 'a.b:X']);
    });

    it('every name of the statement under a name rule: no module finding', () => {
      const reg = registry('[[rule]]\nfrom = "a.b"\nto = "c.d"\n[[rule]]\nfrom = "a.b:X"\nto = "e:Z"\n');
      assert.deepEqual(messages(reg, 'from a.b import X\n'), ["0:16-0:17 'a.b.X' is deprecated: import 'Z' from 'e'"]);
    });

    it('from a import b where a.b is a deprecated module (step 2): flagged on b', () => {
      const reg = registry('[[rule]]\nfrom = "a.b"\nto = "c.d"\n[[rule]]\nfrom = "p.q"\nto = "z"\n');
      const findings = check(reg, 'from a import b as bb, other\nfrom p import q\n');
      assert.deepEqual(findings.map((f) => [fmt(f), f.replacement]), [
        ["0:14-0:15 'a.b' is deprecated: import 'd' from 'c'", { kind: 'name', oldModule: 'a', oldName: 'b', newModule: 'c', newName: 'd' }],
        // the new path has one segment
        ["1:14-1:15 'p.q' is deprecated: import 'z'", { kind: 'name', oldModule: 'p', oldName: 'q', newModule: '', newName: 'z' }],
      ]);
    });

    it('step 2 for a package rule of a.b', () => {
      const reg = registry('[[rule]]\nfrom = "a.b.*"\nto = "m.n.*"\n');
      assert.deepEqual(messages(reg, 'from a import b\nfrom a.b import c\nfrom a.b.c import d\n'), [
        "0:14-0:15 'a.b' is deprecated: import 'n' from 'm'",
        "1:5-1:8 'a.b' is deprecated: import 'c' from 'm.n'",
        "2:5-2:10 'a.b.c' is deprecated: import 'd' from 'm.n.c'",
      ]);
    });

    it('when the package rule also covers a, from a import b is reported with the statement (step 3)', () => {
      const reg = registry('[[rule]]\nfrom = "a.*"\nto = "n.*"\n');
      const findings = check(reg, 'from a import b, c\n');
      assert.deepEqual(findings.map((f) => [fmt(f), f.replacement]), [
        ["0:5-0:6 'a' is deprecated: import 'b', 'c' from 'n'", { kind: 'from-module', oldModule: 'a', newModule: 'n', names: ['b', 'c'] }],
      ]);
    });

    it('steps 1, 2 and 3 in one statement', () => {
      const reg = registry('[[rule]]\nfrom = "a.*"\nto = "n.*"\n[[rule]]\nfrom = "a.b"\nto = "c.d"\n[[rule]]\nfrom = "a:X"\nto = "q:X"\n');
      assert.deepEqual(messages(reg, 'from a import b, X, y\n'), [
        "0:5-0:6 'a' is deprecated: import 'y' from 'n'",
        "0:14-0:15 'a.b' is deprecated: import 'd' from 'c'",
        "0:17-0:18 'a.X' is deprecated: import 'X' from 'q'",
      ]);
    });

    it('a deeper exact rule is not step 2: from a import b with only a rule for a.b.c', () => {
      const reg = registry('[[rule]]\nfrom = "a.b.c"\nto = "x"\n');
      assert.deepEqual(messages(reg, 'from a import b\nfrom a.b import c\n'), ["1:16-1:17 'a.b.c' is deprecated: import 'x'"]);
    });

    it('rules without `to`: no replacement, in every step', () => {
      const reg = registry('[[rule]]\nfrom = "a.*"\n[[rule]]\nfrom = "a.b"\n[[rule]]\nfrom = "a:X"\n');
      const findings = check(reg, 'from a import b, X, y\n');
      assert.deepEqual(findings.map(fmt), [
        "0:5-0:6 'a' is deprecated and has no replacement",
        "0:14-0:15 'a.b' is deprecated and has no replacement",
        "0:17-0:18 'a.X' is deprecated and has no replacement",
      ]);
      assert.ok(findings.every((f) => f.replacement === undefined));
    });
  });

  describe('messages, severities, NFKC', () => {
    it("appends the rule's message after ' — '", () => {
      const reg = registry('[[rule]]\nfrom = "app.core.managers.unified_configuration_manager"\nto = "app.core.configuration.base"\nmessage = "Configuration SSOT (#757)"\n[[rule]]\nfrom = "x.y"\nmessage = "ask #arch"\n');
      assert.deepEqual(check(reg, 'import app.core.managers.unified_configuration_manager\nfrom x.y import z\n').map((f) => f.message), [
        "'app.core.managers.unified_configuration_manager' is deprecated: import 'app.core.configuration.base' — Configuration SSOT (#757)",
        "'x.y' is deprecated and has no replacement — ask #arch",
      ]);
    });

    it('the severity of each rule (default warning), or the override for all', () => {
      const reg = registry('[[rule]]\nfrom = "e"\nseverity = "error"\n[[rule]]\nfrom = "w"\n[[rule]]\nfrom = "i"\nseverity = "information"\n[[rule]]\nfrom = "h"\nseverity = "hint"\n');
      const text = 'import e\nimport w\nimport i\nimport h\n';
      assert.deepEqual(check(reg, text).map((f) => f.severity), ['error', 'warning', 'information', 'hint']);
      assert.deepEqual(check(reg, text, { severityOverride: 'hint' }).map((f) => f.severity), ['hint', 'hint', 'hint', 'hint']);
      assert.deepEqual(check(reg, text, { severityOverride: 'error' }).map((f) => f.severity), ['error', 'error', 'error', 'error']);
    });

    it('identifiers match after NFKC, in the import and in the rule', () => {
      const reg = registry('[[rule]]\nfrom = "a.file"\nto = "a.doc"\n[[rule]]\nfrom = "ﬁx.mod:Thing"\nto = "b:Thing"\n');
      assert.deepEqual(messages(reg, 'import a.ﬁle\nfrom fix.mod import Thing\nfrom ﬁx.mod import Ｔhing\n'), [
        "0:7-0:12 'a.file' is deprecated: import 'a.doc'",
        "1:20-1:25 'fix.mod.Thing' is deprecated: import 'Thing' from 'b'",
        "2:19-2:24 'fix.mod.Thing' is deprecated: import 'Thing' from 'b'",
      ]);
    });

    it('suppression applies per statement', () => {
      const reg = registry('[[rule]]\nfrom = "a.b"\nto = "c"\n');
      assert.deepEqual(messages(reg, 'import a.b  # ssot: ignore\nimport a.b  # ssot: ignore[SSOT999]\nfrom a import b  # ssot: ignore[SSOT001]\n'), [
        "1:7-1:10 'a.b' is deprecated: import 'c'",
      ]);
    });

    it('imports in broken code are matched where they are complete', () => {
      const reg = registry('[[rule]]\nfrom = "a.b"\nto = "c"\n[[rule]]\nfrom = "X"\n');
      // `from a.b import X` in an ERROR must not also be read as `import X`
      assert.deepEqual(messages(reg, 'x = (1,\nfrom a.b import X\ndef f():\n    from a.b import (\nY,\n)\n'), [
        "1:5-1:8 'a.b' is deprecated: import 'X' from 'c'",
        "3:9-3:12 'a.b' is deprecated: import 'Y' from 'c'",
      ]);
    });
  });

  describe('relative imports and the self-import exemption (a workspace on disk)', () => {
    let tmp: string;
    let ctx: CheckContext;
    const REG = [
      '[[rule]]', 'from = "app.legacy"', 'to = "app.modern"',
      '[[rule]]', 'from = "app.old.*"', 'to = "app.new.*"',
      '[[rule]]', 'from = "app.util:helper"', 'to = "app.tools:helper"',
      '[[rule]]', 'from = "app.pkgmod"', 'to = "app.pkgnew"',
      '',
    ].join('\n');
    const FILES: Record<string, string> = {
      'ssot-imports.toml': REG,
      'src/app/__init__.py': 'from . import legacy\nfrom .util import helper\nfrom .old import thing\n',
      'src/app/main.py': 'from . import legacy, other\nfrom .legacy import X\nfrom .old.deep import y\nfrom .util import helper as h\n',
      'src/app/sub/mod.py': 'from .. import legacy\nfrom ..legacy import X\nfrom ..old import z\nfrom ... import legacy\nfrom ...app import legacy\n',
      'src/app/sub/__init__.py': 'from .. import legacy\nfrom . import legacy\n',
      'src/top.py': 'from . import legacy\nfrom .app import legacy\nimport app.legacy\n',
      'src/app/legacy.py': 'import app.legacy\nfrom app.legacy import X\nfrom . import legacy\nfrom .legacy import Y\nfrom app.old import z\n',
      'src/app/old/__init__.py': 'from . import inner\nimport app.old.inner\nfrom app.old.inner import q\nfrom app import legacy\n',
      'src/app/old/inner.py': 'from . import sibling\nfrom .. import old\nfrom app.old import x\nimport app.old\n',
      'src/app/pkgmod/__init__.py': 'from app.pkgmod import x\nfrom . import y\n',
      'src/app/pkgmod/sub.py': 'from app.pkgmod import x\nfrom . import y\n',
      'src/app/util.py': 'from .util import helper\nfrom app.util import helper\n',
      'scripts/tool.py': 'from . import legacy\nimport app.legacy\n',
    };

    before(async () => {
      tmp = realpathSync(mkdtempSync(join(tmpdir(), 'ssot-matching-')));
      for (const [rel, content] of Object.entries(FILES)) {
        const abs = join(tmp, ...rel.split('/'));
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
      const project = await loadProject(tmp);
      assert.deepEqual(project.problems, []);
      assert.deepEqual(project.sourceRoots, [tmp, join(tmp, 'src')]);
      ctx = { registry: project.registry!, sourceRoots: project.sourceRoots };
    });
    after(() => {
      rmSync(tmp, { recursive: true, force: true });
    });

    /** The findings of a workspace file, read from disk, through checkSource (with its mayMatch gate). */
    function checkFile(rel: string): string[] {
      const file = join(tmp, ...rel.split('/'));
      const text = readFileSync(file, 'utf8');
      const viaCheck = check(ctx.registry, text, { file, sourceRoots: ctx.sourceRoots }).map(fmt);
      assert.deepEqual(checkSource(parser, text, file, ctx).map(fmt), viaCheck, 'checkSource agrees');
      return viaCheck;
    }

    it('module names come from the deepest source root; __init__.py is its package', () => {
      assert.deepEqual(moduleOfFile(join(tmp, 'src', 'app', 'sub', 'mod.py'), ctx.sourceRoots), { name: 'app.sub.mod', isPackage: false });
      assert.deepEqual(moduleOfFile(join(tmp, 'src', 'app', 'sub', '__init__.py'), ctx.sourceRoots), { name: 'app.sub', isPackage: true });
      assert.deepEqual(moduleOfFile(join(tmp, 'scripts', 'tool.py'), ctx.sourceRoots), { name: 'scripts.tool', isPackage: false });
      assert.deepEqual(moduleOfFile(join(tmp, 'src', 'app', 'stub.pyi'), ctx.sourceRoots), { name: 'app.stub', isPackage: false });
      assert.equal(moduleOfFile('/elsewhere/x.py', ctx.sourceRoots), undefined);
    });

    it('resolveRelative: levels from a module and from a package; above the root = undefined', () => {
      const mod = { name: 'app.sub.mod', isPackage: false };
      const pkg = { name: 'app.sub', isPackage: true };
      assert.deepEqual([1, 2, 3].map((level) => resolveRelative(level, '', mod)), ['app.sub', 'app', undefined]);
      assert.deepEqual([1, 2, 3].map((level) => resolveRelative(level, 'x.y', pkg)), ['app.sub.x.y', 'app.x.y', undefined]);
      assert.equal(resolveRelative(0, 'abs.mod', undefined), 'abs.mod');
      assert.equal(resolveRelative(1, 'x', undefined), undefined);
      assert.equal(resolveRelative(1, 'x', { name: 'top', isPackage: false }), undefined);
    });

    it('in a package __init__.py, `.` is the package itself', () => {
      assert.deepEqual(checkFile('src/app/__init__.py'), [
        "0:14-0:20 'app.legacy' is deprecated: import 'modern' from 'app'",
        "1:18-1:24 'app.util.helper' is deprecated: import 'helper' from 'app.tools'",
        "2:5-2:9 'app.old' is deprecated: import 'thing' from 'app.new'",
      ]);
    });

    it('in a module, `.` is its package', () => {
      assert.deepEqual(checkFile('src/app/main.py'), [
        "0:14-0:20 'app.legacy' is deprecated: import 'modern' from 'app'",
        "1:5-1:12 'app.legacy' is deprecated: import 'X' from 'app.modern'",
        "2:5-2:14 'app.old.deep' is deprecated: import 'y' from 'app.new.deep'",
        "3:18-3:24 'app.util.helper' is deprecated: import 'helper' from 'app.tools'",
      ]);
    });

    it('two levels up; levels above the top package are not matched', () => {
      assert.deepEqual(checkFile('src/app/sub/mod.py'), [
        "0:15-0:21 'app.legacy' is deprecated: import 'modern' from 'app'",
        "1:5-1:13 'app.legacy' is deprecated: import 'X' from 'app.modern'",
        "2:5-2:10 'app.old' is deprecated: import 'z' from 'app.new'",
      ]);
      assert.deepEqual(checkFile('src/app/sub/__init__.py'), ["0:15-0:21 'app.legacy' is deprecated: import 'modern' from 'app'"]);
    });

    it('a top-level module has no package: its relative imports are not matched, absolute ones are', () => {
      assert.deepEqual(checkFile('src/top.py'), ["2:7-2:17 'app.legacy' is deprecated: import 'app.modern'"]);
    });

    it('a file outside every source root: relative imports are not matched, absolute ones are', () => {
      const outside = join(tmpdir(), 'ssot-elsewhere', 'app', 'x.py');
      assert.equal(moduleOfFile(outside, ctx.sourceRoots), undefined);
      assert.deepEqual(check(ctx.registry, 'from . import legacy\nfrom .legacy import X\nfrom app import legacy\n', { file: outside, sourceRoots: ctx.sourceRoots }).map(fmt), [
        "2:16-2:22 'app.legacy' is deprecated: import 'modern' from 'app'",
      ]);
    });

    it('a file outside the src root gets its module name from the workspace root', () => {
      assert.deepEqual(checkFile('scripts/tool.py'), ["1:7-1:17 'app.legacy' is deprecated: import 'app.modern'"]);
    });

    it('the deprecated module may import itself; other rules still apply', () => {
      assert.deepEqual(checkFile('src/app/legacy.py'), ["4:5-4:12 'app.old' is deprecated: import 'z' from 'app.new'"]);
    });

    it('every module inside a deprecated package may import the package', () => {
      assert.deepEqual(checkFile('src/app/old/__init__.py'), ["3:16-3:22 'app.legacy' is deprecated: import 'modern' from 'app'"]);
      assert.deepEqual(checkFile('src/app/old/inner.py'), []);
    });

    it('a module rule exempts the package __init__.py that is the module, not its submodules', () => {
      assert.deepEqual(checkFile('src/app/pkgmod/__init__.py'), []);
      assert.deepEqual(checkFile('src/app/pkgmod/sub.py'), [
        "0:5-0:15 'app.pkgmod' is deprecated: import 'x' from 'app.pkgnew'",
        "1:5-1:6 'app.pkgmod' is deprecated: import 'y' from 'app.pkgnew'",
      ]);
    });

    it('a name rule exempts its own module', () => {
      assert.deepEqual(checkFile('src/app/util.py'), []);
    });
  });

  describe('mayMatch (the parse is skipped when it returns false)', () => {
    const reg = registry('[[rule]]\nfrom = "pkg.legacy"\n[[rule]]\nfrom = "a.b:Name"\n[[rule]]\nfrom = "z.*"\n');

    it('false without any rule, or without any final segment in the text for a file outside the rules', () => {
      assert.equal(mayMatch('import pkg.legacy\n', undefined, new Registry([])), false);
      assert.equal(mayMatch('import os\nfrom . import x\n', { name: 'app.main', isPackage: false }, reg), false);
    });

    it('true when a final segment occurs in the text, or the file lies inside a rule module (relative imports)', () => {
      assert.equal(mayMatch('from pkg import legacy\n', undefined, reg), true);
      assert.equal(mayMatch('x = "a.b"\n', undefined, reg), true);
      assert.equal(mayMatch('from . import Name\n', { name: 'a.b', isPackage: true }, reg), true);
      assert.equal(mayMatch('from .. import y\n', { name: 'z.q.r', isPackage: false }, reg), true);
    });

    it('true for NFKC spellings of a final segment (ﬁ for fi)', () => {
      const nfkc = registry('[[rule]]\nfrom = "a.file"\n');
      const text = 'import a.ﬁle\n';
      assert.equal(check(nfkc, text).length, 1);
      assert.equal(mayMatch(text, moduleOfFile(join(ROOT, 'app', 'main.py'), [ROOT]), nfkc), true);
    });

    it('property: never false for a text that has a finding (every input of these tests)', () => {
      assert.ok(observed.length > 30, `only ${observed.length} inputs were observed`);
      const missed = observed.filter((o) => o.findings > 0 && !mayMatch(o.text, o.fileModule, o.registry)).map((o) => JSON.stringify(o.text));
      assert.deepEqual(missed, [], 'texts with findings that mayMatch would skip');
    });
  });
});
