/**
 * Property test of the fix engine: random Python files made of imports in every form, checked
 * against Python's own `ast` (one /usr/bin/python3 process per run, see ast_bindings.py).
 *
 * For each generated file, `fixSource` must: (a) leave no fixable SSOT001 finding on re-check,
 * (b) change nothing when run again, (c) give a file Python parses, whose imports bind the same
 * local names at the same scopes, now from the canonical paths (computed here from the registry
 * below by hand, not by the engine), and (d) keep every byte outside the import statements, every
 * comment and the line terminators and BOM.
 *
 * Reproduce a failure with FC_SEED=<seed> (and FC_PATH=<path> to replay the shrunk case).
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { checkSource, type CheckContext } from '../../src/engine/check';
import { fixSource } from '../../src/engine/fix/fixSource';
import { createPythonParser, type PythonParser } from '../../src/engine/python/parser';
import { parseRegistry } from '../../src/engine/registry/parse';
import { Registry } from '../../src/engine/registry/registry';
import { FIX_REGISTRY } from '../support/fixRegistry';

const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261125;
const NUM_RUNS = process.env.FC_RUNS !== undefined ? Number(process.env.FC_RUNS) : 200;
const FILE = '/w/pkg/sub/mod.py';
const PACKAGE = 'pkg.sub';

const TOML = FIX_REGISTRY;

// ---- The registry above, by hand: the oracle for where each import must end up ----

const MODULE_RULES = new Map<string, string | null>([
  ['old.mod', 'new.mod'],
  ['old.api', 'new.api'],
  ['solo', 'lib.solo'],
  ['pkg.sub.old', 'pkg.sub.new'],
  ['top.inner', 'flat'],
  ['top.inner2', 'flat2'],
  ['dead.mod', null],
]);
const PACKAGE_RULES = new Map<string, string>([['legacy', 'modern']]);
const NAME_RULES = new Map<string, string | null>([
  ['old.names:Old', 'new.names.New'],
  ['old.names:Same', 'new.names.Same'],
  ['old.api:Renamed', 'new.api.Fresh'],
  ['pkg.util:Helper', 'shared.tools.Helper'],
  ['top:Thing', 'misc.Thing'],
  ['dead.names:Gone', null],
]);
/** Members renamed within a module move: `m.Renamed` follows `import old.api as m`. */
const RENAMED_MEMBERS = new Map([['old.api', new Map([['Renamed', 'Fresh']])]]);

/** The module rule of `m`: undefined when none, null when it has no replacement. */
function moduleRule(m: string): { to: string | null; exact: boolean } | undefined {
  if (MODULE_RULES.has(m)) return { to: MODULE_RULES.get(m)!, exact: true };
  for (const [pkg, to] of PACKAGE_RULES) if (m === pkg || m.startsWith(pkg + '.')) return { to: to + m.slice(pkg.length), exact: m === pkg };
  return undefined;
}

/** Where `import path` must point after the fix. */
function canonicalImport(path: string): string {
  return moduleRule(path)?.to ?? path;
}

/** Where `from module import name` must point after the fix, as a dotted path. */
function canonicalFrom(module: string, name: string): string {
  const path = `${module}.${name}`;
  if (name !== '*' && NAME_RULES.has(`${module}:${name}`)) return NAME_RULES.get(`${module}:${name}`) ?? path;
  const sub = name === '*' ? undefined : moduleRule(path);
  if (sub && sub.exact && moduleRule(module) === undefined) return sub.to ?? path;
  const parent = moduleRule(module);
  return parent?.to ? `${parent.to}.${name}` : path;
}

// ---- Generated files ----

interface Item {
  name: string;
  alias?: string;
}
type Layout = 'single' | 'paren1' | 'parenN' | 'backslash' | 'star';
interface FromSpec {
  kind: 'from';
  module: string;
  items: Item[];
  layout: Layout;
  trailingComma: boolean;
  closeOnLast: boolean;
  comments: boolean[];
  /** `from.x import y`, `from .import y`, `import(y)`: no blank where Python needs none. */
  tight: boolean;
  suppress?: string;
}
interface ImportSpec {
  kind: 'import';
  modules: Item[];
  suppress?: string;
}
type Spec = FromSpec | ImportSpec;
type Node =
  | { t: 'import'; spec: Spec }
  | { t: 'code'; code: string; trailing: string }
  | { t: 'blank' }
  | { t: 'semi'; spec: Spec; code: string; importFirst: boolean }
  | { t: 'oneliner'; spec: Spec }
  | { t: 'block'; header: string; body: Node[]; orElse?: { header: string; body: Node[] } };

const FROM_POOLS: [string, string[]][] = [
  ['old.mod', ['A', 'B', 'C']],
  ['old.names', ['Old', 'Same', 'Keep', 'Other']],
  ['old.api', ['Renamed', 'Other2']],
  ['old', ['mod', 'api']],
  ['legacy.core', ['Thing', 'Util']],
  ['legacy', ['core', 'extra']],
  ['top', ['inner', 'inner2', 'Thing', 'other']],
  ['dead.mod', ['X']],
  ['dead.names', ['Gone', 'Fine']],
  ['.old', ['X', 'Y']],
  ['.', ['old', 'sibling']],
  ['..util', ['Helper', 'Other']],
  ['new.mod', ['A', 'D']],
  ['new.names', ['New', 'Same', 'Z']],
  ['modern.core', ['Thing']],
  ['shared.tools', ['Helper']],
  ['pkg.sub.new', ['X']],
  ['misc', ['Thing']],
  ['os.path', ['join']],
];
const IMPORT_POOL = ['old.mod', 'old.api', 'legacy.core', 'legacy', 'legacy.core.deep', 'solo', 'top.inner', 'top.inner2', 'pkg.sub.old', 'dead.mod', 'new.mod', 'flat', 'os.path'];
const USES = [
  'print(A, Old, Same, Keep)',
  'x = old.mod.A',
  'y = old.api.Renamed(old.api.Other2)',
  'z = m_api.Renamed + m_api.Other2',
  'w = legacy.core.Thing',
  'v = legacy.core.deep.f(legacy.core)',
  'u = top.inner.run(top.inner2)',
  's = solo.run()',
  't = api.Renamed',
  'r = pkg.sub.old.X',
  'q = (old.mod.B, old.api)',
  'p = m_mod.A',
  'old.mod.A.attr = 1',
  'n = 1',
  // a use over two lines, with a comment inside (\n: the file's line break and indentation)
  'k = (old  # split\n    .mod.B)',
];
const SUPPRESSIONS = ['ssot: ignore', 'ssot: ignore[SSOT001]', 'ssot: ignore[SSOT999]'];

/** `undefined` with weight `none` against 1 for one of `values`. */
const sometimes = <T>(none: number, ...values: T[]): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: none, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...values) });

const suppress = sometimes(8, ...SUPPRESSIONS);

const importSpec: fc.Arbitrary<ImportSpec> = fc.record({
  kind: fc.constant('import' as const),
  modules: fc.uniqueArray(
    fc.record({ name: fc.constantFrom(...IMPORT_POOL), alias: sometimes(1, 'm_', 'm2_') }),
    { minLength: 1, maxLength: 3, selector: (m) => m.name },
  ).map((ms) => ms.map((m) => (m.alias ? { name: m.name, alias: m.alias + m.name.slice(m.name.lastIndexOf('.') + 1) } : { name: m.name }))),
  suppress,
});

/** Moved modules and their canonical homes come up more often, so that merges and splits meet. */
const FREQUENT = new Set(['old.mod', 'old.names', 'new.mod', 'new.names']);

const fromSpec: fc.Arbitrary<FromSpec> = fc
  .oneof(...FROM_POOLS.map((pool) => ({ weight: FREQUENT.has(pool[0]) ? 4 : 1, arbitrary: fc.constant(pool) })))
  .chain(([module, names]) =>
    fc.record({
      kind: fc.constant('from' as const),
      module: fc.constant(module),
      items: fc
        .shuffledSubarray(names, { minLength: 1 })
        .chain((picked) => fc.tuple(...picked.map((name) => sometimes(3, '1', '2').map((k): Item => (k ? { name, alias: `${name}_${k}` } : { name }))))),
      layout: fc.constantFrom<Layout>('single', 'single', 'paren1', 'parenN', 'parenN', 'parenN', 'backslash', 'star'),
      trailingComma: fc.boolean(),
      closeOnLast: fc.boolean(),
      comments: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      tight: fc.boolean().map((b) => b && module.startsWith('.')),
      suppress,
    }),
  );

const spec: fc.Arbitrary<Spec> = fc.oneof({ weight: 1, arbitrary: importSpec }, { weight: 3, arbitrary: fromSpec });
/**
 * Statements that share a line with code (`code; S` or `S; code`): a trailing comment would
 * swallow the code, so only a parenthesised list keeps its comments, and its `)` ends the line.
 */
const semiSpec: fc.Arbitrary<Spec> = spec.map((s) => (s.kind === 'from' && s.layout === 'parenN' ? { ...s, closeOnLast: false } : { ...s, suppress: undefined }));

const HEADERS = ['def f():', 'class C:', 'if TYPE_CHECKING:', 'if x:', 'try:', 'for i in y:', 'with z:'];

function nodes(depth: number): fc.Arbitrary<Node[]> {
  const leaf: fc.Arbitrary<Node>[] = [
    spec.map((s): Node => ({ t: 'import', spec: s })),
    spec.map((s): Node => ({ t: 'import', spec: s })),
    fc.record({ code: fc.constantFrom(...USES), trailing: fc.constantFrom('', '', '', ' ', '\t', '  ', '  # note') }).map((c): Node => ({ t: 'code', ...c })),
    fc.constant<Node>({ t: 'blank' }),
    fc.record({ spec: semiSpec, code: fc.constantFrom('print(x)', 'n = 2', 's = "#"'), importFirst: fc.boolean() }).map((s): Node => ({ t: 'semi', ...s })),
    spec.map((s): Node => ({ t: 'oneliner', spec: s })),
  ];
  const block: fc.Arbitrary<Node> = fc
    .record({ header: fc.constantFrom(...HEADERS), body: depth > 0 ? nodes(depth - 1) : fc.constant<Node[]>([]), orElse: fc.option(depth > 0 ? nodes(depth - 1) : fc.constant<Node[]>([]), { nil: undefined }) })
    .map(({ header, body, orElse }): Node => {
      const other = header === 'try:' ? 'except ImportError:' : header.startsWith('if') ? 'else:' : undefined;
      return { t: 'block', header, body, ...(other && orElse ? { orElse: { header: other, body: orElse } } : header === 'try:' ? { orElse: { header: 'except ImportError:', body: [] } } : {}) };
    });
  return fc.array(fc.oneof(...leaf, block), { minLength: 1, maxLength: depth === 2 ? 16 : 5 });
}

interface Generated {
  text: string;
}

class Renderer {
  private comment = 0;
  private def = 0;
  constructor(private readonly unit: string, private readonly eol: string) {}

  /** A statement's text: its lines joined with the file's line terminator. */
  statement(s: Spec, indent: string, inDef: boolean): string {
    const cont = indent + this.unit;
    const tail = s.suppress ? `  # ${s.suppress}` : '';
    if (s.kind === 'import') return `import ${s.modules.map(item).join(', ')}${tail}`;
    let layout = s.layout;
    if (layout === 'star' && inDef) layout = 'single'; // Python allows `import *` at module level only
    if (layout === 'backslash' && s.items.length < 2) layout = 'single';
    const names = s.items.map(item);
    const head = s.tight ? `from${s.module}${/^\.+$/.test(s.module) ? '' : ' '}import` : `from ${s.module} import`;
    const open = s.tight ? '(' : ' (';
    switch (layout) {
      case 'single':
        return `${head} ${names.join(', ')}${tail}`;
      case 'star':
        return `${head} *${tail}`;
      case 'paren1':
        return `${head}${open}${names.join(', ')}${s.trailingComma ? ',' : ''})${tail}`;
      case 'backslash':
        return `${head} ${names[0]}, \\${this.eol}${cont}${names.slice(1).join(', ')}${tail}`;
      case 'parenN': {
        const lines = [`${head}${open}${tail}`];
        names.forEach((n, k) => {
          const last = k === names.length - 1;
          const comma = !last || s.trailingComma ? ',' : '';
          const close = last && s.closeOnLast ? ')' : '';
          const comment = s.comments[k] ? `  # c${this.comment++}` : '';
          lines.push(`${cont}${n}${comma}${close}${comment}`);
        });
        if (!s.closeOnLast) lines.push(`${indent})`);
        return lines.join(this.eol);
      }
    }
  }

  lines(body: readonly Node[], indent: string, inDef: boolean): string[] {
    const out: string[] = [];
    for (const node of body) {
      switch (node.t) {
        case 'import':
          out.push(indent + this.statement(node.spec, indent, inDef));
          break;
        case 'code':
          out.push(indent + node.code.replace(/\n/g, this.eol + indent) + node.trailing);
          break;
        case 'blank':
          out.push('');
          break;
        case 'semi': {
          const s = this.statement(node.spec, indent, inDef);
          out.push(indent + (node.importFirst ? `${s}; ${node.code}` : `${node.code}; ${s}`));
          break;
        }
        case 'oneliner':
          out.push(`${indent}if x: ${this.statement(node.spec, indent, inDef)}`);
          break;
        case 'block': {
          const header = node.header.replace('f()', `f${this.def}()`).replace('class C', `class C${this.def}`);
          this.def++;
          const inner = inDef || header.startsWith('def') || header.startsWith('class');
          out.push(indent + header, ...this.body(node.body, indent + this.unit, inner));
          if (node.orElse) out.push(indent + node.orElse.header, ...this.body(node.orElse.body, indent + this.unit, inner));
          break;
        }
      }
    }
    return out;
  }

  /** A block's lines: never empty, never only blank lines. */
  private body(body: readonly Node[], indent: string, inDef: boolean): string[] {
    const lines = this.lines(body, indent, inDef);
    return lines.some((l) => l.trim() !== '') ? lines : [...lines, `${indent}pass`];
  }
}

function item(i: Item): string {
  return i.alias ? `${i.name} as ${i.alias}` : i.name;
}

const file: fc.Arbitrary<Generated> = fc
  .record({
    body: nodes(2),
    eol: fc.constantFrom('\n', '\r\n'),
    unit: fc.constantFrom('    ', '\t', '  '),
    bom: fc.constantFrom(true, false, false, false, false),
    finalEol: fc.boolean(),
  })
  .map(({ body, eol, unit, bom, finalEol }) => {
    const lines = new Renderer(unit, eol).lines(body, '', false);
    return { text: (bom ? '\uFEFF' : '') + lines.join(eol) + (finalEol ? eol : '') };
  });

// ---- Python's view ----

type Binding = [scope: string, local: string, path: string];
/** A binding and how many other statements precede its import in the block. */
type Placed = [scope: string, local: string, path: string, k: number];
interface PyView {
  ok: boolean;
  error?: string;
  bindings: Placed[];
  imports: [number, number][];
  statements: { start: number; from: boolean; bindings: Placed[] }[];
  chains: [number, number, string][];
  comments: [number, number, string][];
}

/** One python3 process answering one JSON line per request, in order. */
class PythonOracle {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';
  requests = 0;

  constructor() {
    this.child = spawn('/usr/bin/python3', [join(__dirname, 'ast_bindings.py')], { stdio: 'pipe' });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
    this.child.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w(JSON.stringify({ crashed: `python exited with ${code}: ${this.stderr}` }));
    });
  }

  ask(before: string, after: string): Promise<{ before: PyView; after: PyView }> {
    this.requests++;
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => {
        const answer = JSON.parse(line);
        if (answer.crashed) reject(new Error(answer.crashed));
        else resolve(answer);
      });
      this.child.stdin.write(JSON.stringify({ before, after, package: PACKAGE }) + '\n');
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.on('close', () => resolve());
      this.child.stdin.end();
    });
  }
}

// ---- The checks ----

const lineStartOf = (text: string, offset: number): number => Math.max(text.lastIndexOf('\n', offset - 1) + 1, text.startsWith('\uFEFF') ? 1 : 0);
const lineEndOf = (text: string, offset: number): number => {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
};
const nextLineOf = (text: string, offset: number): number => {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
};

/** Whether a `# ssot: ignore` comment on the first line of the statement starting at `start` covers SSOT001. */
function suppressedAt(text: string, view: PyView, start: number): boolean {
  const end = lineEndOf(text, start);
  return view.comments.some(([s, , t]) => {
    if (s < start || s > end) return false;
    const m = /\bssot:\s*ignore\b(?:\[([^\]]*)\])?/.exec(t);
    return m !== null && (m[1] === undefined || m[1].split(',').some((c) => c.trim().toUpperCase() === 'SSOT001'));
  });
}

interface Expectation {
  bindings: Placed[];
  /** Chain substitutions in the before text: dotted uses of `import a.b` and renamed members. */
  substitutions: { start: number; end: number; text: string }[];
}

/**
 * The bindings the fixed file must have, and the uses outside the imports that must change, from
 * the before-bindings with the statement each comes from (to see whether it is suppressed).
 */
function expect(before: string, view: PyView, statements: { start: number; binding: Placed; from: boolean }[]): Expectation {
  const dotted = new Map<string, string>();
  const memberBindings = new Map<string, string>();
  const bindings: Placed[] = [];
  for (const { start, binding, from } of statements) {
    const [scope, local, path, k] = binding;
    if (suppressedAt(before, view, start)) {
      bindings.push(binding);
      continue;
    }
    let target: string;
    if (from) {
      const name = path.slice(path.lastIndexOf('.') + 1);
      target = canonicalFrom(path.slice(0, path.lastIndexOf('.')), name);
    } else {
      target = canonicalImport(path);
    }
    const unaliasedDotted = !from && local === path && path.includes('.');
    bindings.push([scope, unaliasedDotted ? target : local, target, k]);
    if (from && local === '*' && target !== path) {
      // `*` from the new module would miss what name rules moved out of the old one: imported by name
      const module = path.slice(0, -2);
      for (const [rule, to] of NAME_RULES) if (to && rule.startsWith(module + ':')) bindings.push([scope, rule.slice(module.length + 1), to, k]);
    }
    if (unaliasedDotted && target !== path) dotted.set(path, target);
    if (target !== path && RENAMED_MEMBERS.has(path)) memberBindings.set(unaliasedDotted ? path : local, path);
  }
  // the uses that change: the longest matching chain wins
  const candidates: { start: number; end: number; text: string }[] = [];
  for (const [start, end, chain] of view.chains) {
    if (dotted.has(chain)) {
      // a use over several lines keeps its line breaks (its comments are compared apart)
      const spelled = before.slice(start, end);
      const breaks = spelled.includes('\n') ? spelled.replace(/[ \t]*#[^\r\n]*/g, '').replace(/[^\s\\]/g, '') : '';
      candidates.push({ start, end, text: dotted.get(chain)! + breaks });
      continue;
    }
    const head = chain.slice(0, chain.lastIndexOf('.'));
    const member = chain.slice(chain.lastIndexOf('.') + 1);
    const module = memberBindings.get(head);
    const renamed = module !== undefined ? RENAMED_MEMBERS.get(module)?.get(member) : undefined;
    if (renamed !== undefined) candidates.push({ start, end, text: `${dotted.get(head) ?? head}.${renamed}` });
  }
  const substitutions = candidates.filter((c) => !candidates.some((o) => o !== c && o.start <= c.start && c.end <= o.end));
  return { bindings, substitutions };
}

/**
 * Each distinct binding, sorted, with the place of its first import: an import that repeats a
 * binding (`from m import X` twice) binds nothing new, so a merge may drop the repeat.
 */
function firstBindings(bindings: readonly Placed[]): { bindings: Binding[]; place: Map<string, number> } {
  const place = new Map<string, number>();
  for (const [scope, local, path, k] of bindings) {
    const key = [scope, local, path].join(' | ');
    place.set(key, Math.min(k, place.get(key) ?? k));
  }
  return { bindings: [...place.keys()].sort().map((key) => key.split(' | ') as Binding), place };
}

/**
 * The text without its import statements and comments, with the expected use substitutions
 * applied. An import that starts its line takes the line's indentation along, and its line
 * terminator when nothing but blanks or a comment follows it; `; ` between two imports goes too;
 * a comment alone on its line goes with the line. So inserting or deleting whole import lines,
 * and moving comments, leave this unchanged, while any other byte (code, blank lines, trailing
 * blanks of other lines) is compared. Comments are compared apart (assertCommentsKept).
 */
function skeleton(text: string, view: PyView, substitutions: { start: number; end: number; text: string }[] = []): string {
  const regions: { start: number; end: number }[] = [];
  for (const [s, e] of view.imports) {
    const ls = lineStartOf(text, s);
    const ownsStart = /^[ \t]*$/.test(text.slice(ls, s));
    const le = lineEndOf(text, e);
    const restBlank = /^[ \t]*(#.*)?$/.test(text.slice(e, le));
    const region = { start: ownsStart ? ls : s, end: restBlank ? (ownsStart ? nextLineOf(text, e) : le) : e };
    const previous = regions[regions.length - 1];
    if (previous && /^[ \t]*;[ \t]*$/.test(text.slice(previous.end, region.start))) previous.end = region.end;
    else regions.push(region);
  }
  const cuts = [
    ...regions.map((r) => ({ ...r, text: '' })),
    ...view.comments.map(([s, e]) => {
      // a comment with the blanks before it, or with its whole line when alone on it
      const start = s - /[ \t]*$/.exec(text.slice(0, s))![0].length;
      return { start, end: start === lineStartOf(text, s) ? nextLineOf(text, e) : e, text: '' };
    }),
    ...substitutions,
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const cut of cuts) {
    if (cut.end <= at) continue; // inside a region already cut
    out += text.slice(at, Math.max(at, cut.start)) + cut.text;
    at = cut.end;
  }
  return out + text.slice(at);
}

/** Every comment of `before` is found, as often, inside the comments of `after` (moved comments may be joined). */
function assertCommentsKept(before: PyView, after: PyView): void {
  let pool = after.comments.map(([, , t]) => t).join('\n');
  for (const [, , t] of before.comments) {
    const at = pool.indexOf(t);
    assert.ok(at >= 0, `comment ${JSON.stringify(t)} lost`);
    pool = pool.slice(0, at) + pool.slice(at + t.length);
  }
}

describe('fixSource properties (fast-check, python3 ast)', function () {
  this.timeout(120000);
  let parser: PythonParser;
  let ctx: CheckContext;
  let python: PythonOracle;

  before(async () => {
    parser = await createPythonParser();
    const parsed = parseRegistry(TOML, '/w/ssot-imports.toml', 'ssot-imports.toml');
    assert.deepEqual(parsed.problems, []);
    ctx = { registry: new Registry(parsed.rules), sourceRoots: ['/w'] };
    python = new PythonOracle();
  });
  after(async () => {
    parser.delete();
    await python.close();
  });

  it('fixes every fixable import, idempotently, keeping bindings, comments and all other bytes', async () => {
    const started = Date.now();
    const property = fc.asyncProperty(file, async ({ text }) => {
      const fix = fixSource(parser, text, FILE, ctx);
      const context = () => `\n--- before ---\n${text}\n--- after ---\n${fix.output}\n---`;
      if (process.env.FC_SHOW) console.log(context());
      assert.equal(fix.refused, undefined, `refused: ${fix.refused}${context()}`);

      // (a) nothing fixable left
      const left = checkSource(parser, fix.output, FILE, ctx).filter((f) => f.replacement);
      assert.deepEqual(left.map((f) => f.message), [], `fixable findings left${context()}`);

      // (b) idempotent
      const again = fixSource(parser, fix.output, FILE, ctx);
      assert.deepEqual(again.edits, [], `second fix changed the file${context()}\n--- again ---\n${again.output}`);

      // (c) Python: parses, same bindings at the same scopes, from the canonical paths
      const py = await python.ask(text, fix.output);
      assert.ok(py.before.ok, `generator made a file Python rejects: ${py.before.error}${context()}`);
      assert.ok(py.after.ok, `the fixed file does not parse: ${py.after.error}${context()}`);
      const statements = py.before.statements.flatMap((st) => st.bindings.map((binding) => ({ start: st.start, binding, from: st.from })));
      const expected = expect(text, py.before, statements);
      const actual = firstBindings(py.after.bindings);
      const wanted = firstBindings(expected.bindings);
      assert.deepEqual(actual.bindings, wanted.bindings, `bindings differ${context()}`);
      // and no name is bound later than before (after code that may use it): merged names may come earlier
      for (const [key, k] of wanted.place) assert.ok(actual.place.get(key)! <= k, `${key} is bound later than before${context()}`);

      // (d) every byte outside the imports kept (uses of rewritten modules aside), comments kept,
      // line terminators and BOM kept
      assert.equal(skeleton(fix.output, py.after), skeleton(text, py.before, expected.substitutions), `bytes outside the imports changed${context()}`);
      assertCommentsKept(py.before, py.after);
      assert.equal(fix.output.startsWith('\uFEFF'), text.startsWith('\uFEFF'), `BOM${context()}`);
      if (text.includes('\r\n') && !/(^|[^\r])\n/.test(text)) assert.ok(!/(^|[^\r])\n/.test(fix.output), `a bare LF in a CRLF file${context()}`);
      if (!text.includes('\r')) assert.ok(!fix.output.includes('\r'), `a CR in an LF file${context()}`);
    });
    const path = process.env.FC_PATH;
    const result = await fc.check(property, { seed: SEED, numRuns: NUM_RUNS, ...(path ? { path } : {}) });
    if (result.failed) {
      // print the seed and the shrunk counterexample (with its texts) before failing
      console.log(`fast-check seed ${SEED} path ${result.counterexamplePath} (re-run: FC_SEED=${SEED} FC_PATH=${result.counterexamplePath})`);
      console.log(fc.defaultReportMessage(result));
      const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      assert.fail(`property failed after ${result.numRuns} runs (seed ${SEED}): ${error}`);
    }
    console.log(`      ${result.numRuns} files, ${python.requests} python requests (one process), ${Date.now() - started} ms`);
  });
});
