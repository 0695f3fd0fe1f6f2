/**
 * Per-file facts (src/engine/index/facts.ts): what one parse gives the checks, what the cache
 * keeps of it, and the text filter that decides which files a registry-only run parses.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findingsInFacts, findingsInTree, matchFilter, mayMatchFilter, rulesMayMatchFilter, type CheckContext } from '../../src/engine/check';
import { parseCut, withoutComments } from '../../src/engine/index/prefilter';
import { factsOf, loadIndexCache, saveIndexCache, storeFacts, summaryOf, type CacheEntry } from '../../src/engine/index/cache';
import { factsOfSource, factsOfTree, registryFactsOfSource, type FileFacts } from '../../src/engine/index/facts';
import { guardedAmong, guardedImports } from '../../src/engine/index/importGuards';
import { scanFiles } from '../../src/engine/index/scan';
import { moduleOfFile } from '../../src/engine/modules';
import { loadProject } from '../../src/engine/project';
import { extractImports } from '../../src/engine/python/imports';
import { createPythonParser, type PythonParser } from '../../src/engine/python/parser';
import { parseRegistry } from '../../src/engine/registry/parse';
import { Registry } from '../../src/engine/registry/registry';
import { extractStringCandidates } from '../../src/engine/strings';
import { discoverPythonFiles } from '../../src/engine/workspace/discover';
import { readSource } from '../../src/engine/workspace/readSource';
import { generateWorkspace } from '../support/generateWorkspace';
import { TempWorkspace } from '../support/tempWorkspace';

const ROOT = '/ws';

function registryOf(toml: string): Registry {
  const parsed = parseRegistry(toml, `${ROOT}/ssot-imports.toml`, 'ssot-imports.toml');
  assert.deepEqual(parsed.problems, []);
  return new Registry(parsed.rules);
}

/** Files whose facts exercise every field: suppressions, guards, strings, relative and recovered imports, spans across lines, astral characters. */
const SPECIAL: Record<string, string> = {
  'pkg/__init__.py': 'from .mod import *  # ssot: ignore[SSOT002, SSOT003]\n__all__ = ["x"]\n',
  'pkg/mod.py': [
    'import os, sys as system  # ssot: ignore',
    'from . import sibling',
    'from ..up import (a,',
    '    b as c)  # trailing',
    'from x.y \\',
    '    import z',
    'try:',
    '    from optional import thing',
    'except (ImportError, OSError):',
    '    thing = None',
    'def f():',
    '    from inner import deep',
    '    patch("app.agents.registry.X")  # ssot: ignore[SSOT004]',
    '    importlib.import_module(r"app.agents.registry")',
    's = "😀🚀"; import emoji_after_astral',
    'def dedented():',
    '    from recovered import (',
    'X,',
    'Y as Z,',
    ')',
    '    return 1',
    '',
  ].join('\n'),
  'script.py': 'from __future__ import annotations\nimport a.b.c\n',
};

describe('index: per-file facts', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });
  after(() => parser.delete());

  describe('on a generated monorepo and hand-written corner cases', () => {
    let dir: string;
    let files: string[];
    let sourceRoots: string[];
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ssot-facts-'));
      generateWorkspace(dir, { files: 300, seed: 5 });
      for (const [rel, text] of Object.entries(SPECIAL)) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        writeFileSync(join(dir, rel), text);
      }
      sourceRoots = (await loadProject(dir)).sourceRoots;
      files = await discoverPythonFiles(dir, []);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('the cache gives back exactly the facts a parse gives', async () => {
      const entries = new Map<string, CacheEntry>();
      const parsed = new Map<string, FileFacts>();
      for (const file of files) {
        const source = await readSource(file);
        if (!source.ok) continue;
        const facts = factsOfSource(parser, source.text, file, sourceRoots);
        parsed.set(file, facts);
        entries.set(file, { size: source.text.length, mtimeMs: 1, hash: 'h', stored: storeFacts(facts) });
      }
      const cacheDir = join(dir, '.cache-test');
      assert.ok(await saveIndexCache(dir, sourceRoots, entries, cacheDir));
      const loaded = await loadIndexCache(dir, sourceRoots, cacheDir);
      assert.equal(loaded.entries.size, parsed.size);
      for (const [file, facts] of parsed) {
        const stored = loaded.entries.get(file)!.stored;
        assert.deepStrictEqual(factsOf(stored), facts, file);
        assert.deepStrictEqual(summaryOf(stored), facts.summary, file);
      }
      // every field was exercised
      const special = parsed.get(join(dir, 'pkg', 'mod.py'))!;
      assert.ok(special.astral && special.guarded.length === 1 && special.strings.length === 2);
      assert.ok(special.imports.some((i) => i.recovered) && special.imports.some((i) => i.suppression === 'all'));
      assert.ok(special.imports.some((i) => i.span.range.start.line !== i.span.range.end.line));
      assert.equal(parsed.get(join(dir, 'pkg', '__init__.py'))!.summary?.open, 'wildcard');
      rmSync(cacheDir, { recursive: true, force: true });
    });

    it('guards and strings found from the text and the imports are those of the full tree walks', async () => {
      for (const file of files) {
        const source = await readSource(file);
        if (!source.ok) continue;
        const tree = parser.parse(source.text);
        try {
          const imports = extractImports(tree);
          const all = guardedImports(tree);
          assert.deepEqual(guardedAmong(tree, imports, source.text), imports.map((i) => i.span.start).filter((s) => all.has(s)), file);
          assert.deepStrictEqual(extractStringCandidates(tree, source.text), extractStringCandidates(tree), file);
        } finally {
          tree.delete();
        }
      }
    });

    it('registry findings from the facts equal those from the tree', async () => {
      const { registry } = await loadProject(dir);
      const ctx: CheckContext = { registry: registry!, sourceRoots };
      let findings = 0;
      for (const file of files) {
        const source = await readSource(file);
        if (!source.ok) continue;
        const tree = parser.parse(source.text);
        try {
          const fileModule = moduleOfFile(file, sourceRoots);
          const expected = findingsInTree(tree, fileModule, ctx);
          assert.deepStrictEqual(findingsInFacts(factsOfTree(tree, source.text, file, sourceRoots), fileModule, ctx), expected, file);
          findings += expected.length;
        } finally {
          tree.delete();
        }
      }
      assert.ok(findings > 300, `only ${findings} findings`);
    });

    /** The generated project's registry, as a check context and as a text filter. */
    const registryOfDir = async () => {
      const { registry } = await loadProject(dir);
      return { ctx: { registry: registry!, sourceRoots } satisfies CheckContext, filter: matchFilter(registry!) };
    };
    /** Every generated file that can be read, with its text and module. */
    async function* sources() {
      for (const file of files) {
        const source = await readSource(file);
        if (source.ok) yield { file, text: source.text, fileModule: moduleOfFile(file, sourceRoots) };
      }
    }

    it('the text filter never skips a generated file that has a finding, and skips some that have none', async () => {
      const { ctx, filter } = await registryOfDir();
      let skipped = 0;
      for await (const { file, text, fileModule } of sources()) {
        const passes = mayMatchFilter(text, fileModule, filter);
        if (!passes) skipped++;
        const tree = parser.parse(text);
        try {
          if (!passes) assert.deepEqual(findingsInTree(tree, fileModule, ctx), [], `${file} was filtered out but has findings`);
        } finally {
          tree.delete();
        }
      }
      assert.ok(skipped > 0, 'the filter let every file through');
    });

    it('registry facts from a parse that stops at the cut give the findings of the whole parse', async () => {
      const { ctx, filter } = await registryOfDir();
      let partial = 0;
      let findings = 0;
      for await (const { file, text, fileModule } of sources()) {
        const rules = rulesMayMatchFilter(text, fileModule, filter);
        if (rules.length === 0) continue;
        const cut = registryFactsOfSource(parser, text, file, sourceRoots, parseCut(text, fileModule, rules));
        const whole = findingsInFacts(factsOfSource(parser, text, file, sourceRoots), fileModule, ctx);
        assert.deepStrictEqual(findingsInFacts(cut.facts, fileModule, ctx), whole, file);
        if (cut.partial) {
          assert.equal(cut.facts.summary, undefined, 'facts from a prefix carry no bindings');
          partial++;
        }
        findings += whole.length;
      }
      assert.ok(partial > 20 && findings > 100, `${partial} parses stopped early, ${findings} findings`);
    });
  });

  describe('the text filter (mayMatchFilter): necessary conditions only', () => {
    const REGISTRY = [
      '[[rule]]\nfrom = "app.core.managers.config_manager"\nto = "app.core.config"',
      '[[rule]]\nfrom = "app.ws.manager:Heartbeat"\nto = "app.ssot.enums:Heartbeat"',
      '[[rule]]\nfrom = "app.agents.registry.*"\nto = "app.agents.supervisor.registry.*"',
      '[[rule]]\nfrom = "legacy"\nto = "modern"',
    ].join('\n\n');
    const registry = registryOf(REGISTRY);
    const ctx: CheckContext = { registry, sourceRoots: [ROOT] };
    const filter = matchFilter(registry);
    const FILES = ['app/agents/x.py', 'app/core/managers/__init__.py', 'app/core/other.py', 'app/ws/user.py', 'tests/test_y.py', 'top.py'];

    /** Every spelling Python allows of imports that match: each must pass the filter in every file it has a finding in. */
    const MATCHING = [
      'import app.core.managers.config_manager',
      'import app . core . managers . config_manager as m',
      'import app.core.\\\n    managers.config_manager',
      'import app.core.\\\r\n    managers.config_manager',
      'from app.core.managers import config_manager',
      'from app.core.managers import (\n    other,  # a comment (with a parenthesis)\n    config_manager,\n)',
      'from app.core.managers import other, \\\n    config_manager',
      'from app.core.managers.config_manager import load',
      'from .managers import config_manager',
      'from . import config_manager',
      'from .config_manager import load',
      'from ..core.managers import config_manager',
      'from ... core . managers import config_manager',
      'from app.ws.manager import Heartbeat',
      'from app.ws.manager import (Other, Heartbeat as H)',
      'from .manager import Heartbeat',
      'from . import Heartbeat',
      'from app.ws.manager import *',
      'import app.agents.registry',
      'import app.agents.registry.core.deep',
      'from app.agents import registry',
      'from app.agents.registry.core import X',
      'from .registry import X',
      'from . import registry',
      'from .. import agents',
      'import legacy',
      'from legacy.sub import x',
      'def f():\n    import legacy',
      'x = 1; import legacy',
      'patch("app.ws.manager.Heartbeat.interval")',
      'mock.patch("app.core.managers.config_manager.load")',
      'importlib.import_module("app.agents.registry.core")',
      '__import__("legacy")',
      'import app.core.managers.ｃｏｎｆｉｇ_manager',
      'from app.agents import (\nregistry)',
      'def g():\n    from app.agents import (\nregistry,\n)',
      // a `#` that a quote may turn into string text: the rest of the line is kept
      'x = "#"; import legacy',
      "x = '#'  # quoted\nimport legacy  # the note is dropped, the import is not",
      's = """\n# not a comment """; import legacy',
      "s = '''\n#''' + \"\"; from app.agents import registry",
      'from app.agents import (  # comment\n    registry,  # another\n)',
      'from app.core.managers import (\n    # config_manager is below\n    config_manager,\n)',
    ];
    /** Texts that name the rules' segments without importing them: the filter may let them through, but these it must not. */
    const UNRELATED = [
      'import os\nmanager = config_manager = registry = 1\n',
      'from app.agents.supervisor.registry import X\n',
      'from app.core.config import config_manager_factory\n',
      'from app.ws.manager_v2 import Heartbeat\n',
      '"app.core.managers"  # config_manager\n',
      '# from app.core.managers import config_manager\nimport os\n',
      'import os  # import legacy\n',
      '"""Docs.\n\n    # import legacy\n"""\n',
      'import app.platform.registry as registry_mod\n',
    ];

    it('passes every matching spelling wherever it has a finding', () => {
      let checked = 0;
      for (const source of MATCHING) {
        for (const rel of FILES) {
          const file = `${ROOT}/${rel}`;
          const fileModule = moduleOfFile(file, [ROOT]);
          const tree = parser.parse(`${source}\n`);
          try {
            if (findingsInTree(tree, fileModule, ctx).length === 0) continue;
          } finally {
            tree.delete();
          }
          checked++;
          assert.ok(mayMatchFilter(`${source}\n`, fileModule, filter), `${JSON.stringify(source)} in ${rel}`);
        }
      }
      assert.ok(checked > MATCHING.length, `only ${checked} (source, file) pairs had findings`);
    });

    it('rules out texts that cannot match, and files a rule covers', () => {
      for (const source of UNRELATED) {
        for (const rel of ['top.py', 'tests/test_y.py']) {
          assert.equal(mayMatchFilter(source, moduleOfFile(`${ROOT}/${rel}`, [ROOT]), filter), false, `${JSON.stringify(source)} in ${rel}`);
        }
      }
      // inside the deprecated package its own rule reports nothing: the other rules still count
      assert.equal(mayMatchFilter('from . import core\n', moduleOfFile(`${ROOT}/app/agents/registry/x.py`, [ROOT]), filter), false);
      assert.equal(mayMatchFilter('import legacy\n', moduleOfFile(`${ROOT}/app/agents/registry/x.py`, [ROOT]), filter), true);
      assert.equal(mayMatchFilter('import legacy\n', undefined, matchFilter(new Registry([]))), false);
      // a plain import never names its module relative to the file's package
      const agentsFile = moduleOfFile(`${ROOT}/app/agents/x.py`, [ROOT]);
      assert.equal(mayMatchFilter('import app.platform.registry as r\n', agentsFile, filter), false);
      assert.equal(mayMatchFilter('from .. import registry\n', agentsFile, filter), true);
    });

    it('a parse for the registry stops after the last statement that can match, and finds what the whole parse finds', () => {
      const TAILS = [
        '\n\ndef later():\n    return 1\n',
        '\n# legacy config_manager registry Heartbeat, in a comment\nx = 1\n',
        '\n@decorator\ndef f():\n    pass\n',
        '\nelse_value = 2\n',
      ];
      let stopped = 0;
      for (const source of MATCHING) {
        for (const tail of TAILS) {
          for (const rel of FILES) {
            const file = `${ROOT}/${rel}`;
            const fileModule = moduleOfFile(file, [ROOT]);
            const text = `${source}\n${tail}`;
            const rules = rulesMayMatchFilter(text, fileModule, filter);
            const whole = findingsInFacts(factsOfSource(parser, text, file, [ROOT]), fileModule, ctx);
            if (rules.length === 0) {
              assert.deepEqual(whole, [], `${JSON.stringify(text)} in ${rel}`);
              continue;
            }
            const cut = parseCut(text, fileModule, rules);
            const { facts, partial } = registryFactsOfSource(parser, text, file, [ROOT], cut);
            assert.deepStrictEqual(findingsInFacts(facts, fileModule, ctx), whole, `${JSON.stringify(text)} in ${rel}, cut at ${cut}`);
            if (partial) stopped++;
          }
        }
      }
      assert.ok(stopped > MATCHING.length, `only ${stopped} parses stopped early`);
    });

    it('the cut is the start of the next line that looks like a top-level statement: not a clause, after a decorator or continuation, a comment or a bracket', () => {
      const top = moduleOfFile(`${ROOT}/top.py`, [ROOT]);
      const rules = rulesMayMatchFilter('import legacy\n', top, filter);
      const cutOf = (text: string) => text.slice(parseCut(text, top, rules));
      assert.equal(cutOf('import legacy\nx = 1\ny = 2\n'), 'x = 1\ny = 2\n');
      assert.equal(cutOf('import legacy\n\n    # indented\n# comment\nx = 1\n'), 'x = 1\n');
      assert.equal(cutOf('try:\n    import legacy\nexcept ImportError:\n    pass\nfinally:\n    pass\nx = 1\n'), 'x = 1\n');
      assert.equal(cutOf('import legacy\n@dec\ndef f(): pass\n'), '@dec\ndef f(): pass\n');
      assert.equal(cutOf('@patch("legacy.x")\ndef test(): pass\nx = 1\n'), 'x = 1\n');
      assert.equal(cutOf('import legacy, \\\nother\nx = 1\n'), 'x = 1\n');
      // a line at column 0 inside brackets looks like a statement to the text: the prefix parse fails and the whole text is parsed
      const bracketed = 'from legacy import (\na,\n)\nx = 1\n';
      assert.equal(cutOf(bracketed), 'a,\n)\nx = 1\n');
      const { facts, partial } = registryFactsOfSource(parser, bracketed, `${ROOT}/top.py`, [ROOT], parseCut(bracketed, top, rules));
      assert.equal(partial, false);
      assert.deepEqual(facts.imports.map((i) => i.kind === 'from' && i.names.map((n) => n.name)), [['a']]);
      assert.equal(cutOf('import legacy\r\nx = 1\r\n'), 'x = 1\r\n');
      // the last mention counts, wherever it is
      assert.equal(cutOf('import legacy\nx = 1\n# legacy\ny = 2\n'), 'y = 2\n');
      assert.equal(cutOf('import legacy\n'), '');
      // a relative import can name a module the file lies in without spelling it: no cut
      const inside = moduleOfFile(`${ROOT}/app/agents/registry/x.py`, [ROOT]);
      const text = 'import legacy\nx = 1\nfrom . import core\n';
      const insideRules = [{ module: 'app.agents', kind: 'module' as const }];
      assert.equal(parseCut(text, inside, insideRules), text.length);
      // offsets of an NFKC-normalised text are not the text's: no cut
      assert.equal(parseCut('import legacy\nx = "é"\n', top, rules), 'import legacy\nx = "é"\n'.length);
    });

    it('withoutComments drops the comments of lines without quotes, and nothing else', () => {
      assert.equal(withoutComments('import a  # b\n# c\r\nd = 1 # e\rf'), 'import a  \n\r\nd = 1 \rf');
      assert.equal(withoutComments('x = "#"  # y\n'), 'x = "#"  # y\n');
      assert.equal(withoutComments("# it's\n"), "# it's\n");
      assert.equal(withoutComments('no hash\n'), 'no hash\n');
    });
  });

  describe('scanFiles', () => {
    let ws: TempWorkspace;
    let cacheDir: string;
    const registry = registryOf('[[rule]]\nfrom = "legacy"\nto = "modern"\n');
    beforeEach(() => {
      ws = new TempWorkspace({ 'a.py': 'import legacy\n', 'b.py': 'import os\n', 'c.py': 'x = 1\n', 'sub/d.py': 'import legacy\n' });
      // an hour old: not "racily" recent, so the cache trusts their mtimes
      const past = new Date(Date.now() - 3600_000);
      for (const rel of ['a.py', 'b.py', 'c.py', 'sub/d.py']) utimesSync(ws.path(rel), past, past);
      cacheDir = ws.path('.cache');
    });
    afterEach(() => ws.dispose());
    const files = (...rels: string[]) => rels.map((r) => ws.path(r));

    it('with a prefilter parses only what can match, keeps the facts of the rest out of the cache, and uses cached facts whatever the filter says', async () => {
      const options = { root: ws.root, sourceRoots: [ws.root], cacheDir, workers: 0 };
      const first = await scanFiles({ ...options, files: files('a.py', 'b.py', 'c.py'), prefilter: matchFilter(registry) });
      assert.deepEqual([first.stats.parsed, first.stats.unparsed, [...first.stored.keys()].map((f) => f.slice(ws.root.length + 1))], [1, 2, ['a.py']]);
      const full = await scanFiles({ ...options, files: files('a.py', 'b.py', 'c.py') });
      assert.deepEqual([full.stats.parsed, full.stored.size], [2, 3]);
      const again = await scanFiles({ ...options, files: files('a.py', 'b.py', 'c.py'), prefilter: matchFilter(registry) });
      assert.deepEqual([again.stats.parsed, again.stats.unparsed, again.stored.size], [0, 0, 3]);
    });

    it('retains the cached entries of files outside the scan only when asked', async () => {
      const options = { root: ws.root, sourceRoots: [ws.root], cacheDir, workers: 0 };
      await scanFiles({ ...options, files: files('a.py', 'sub/d.py') });
      const cached = () => (JSON.parse(readFileSync(join(cacheDir, readdirSync(cacheDir)[0]!), 'utf8')) as { files: [string][] }).files.map((f) => f[0]).sort();
      assert.deepEqual(cached(), ['a.py', 'sub/d.py']);
      await scanFiles({ ...options, files: files('b.py'), retain: (f) => f.startsWith(ws.path('sub')) });
      assert.deepEqual(cached(), ['b.py', 'sub/d.py']);
      await scanFiles({ ...options, files: files('c.py') });
      assert.deepEqual(cached(), ['c.py']);
    });
  });
});
