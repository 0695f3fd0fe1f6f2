/**
 * SSOT004: deprecated dotted paths in strings that Python resolves as imports at run time:
 * `patch("old.mod.X")` (and `mock.patch`, `patch.dict`), `importlib.import_module("old.mod")`
 * and `__import__("old.mod")`. Only plain string literals count: no f-strings, bytes,
 * concatenations or escapes, whose value the source does not spell out.
 */
import { Query, type Node, type Tree } from 'web-tree-sitter';
import type { CheckContext } from './check';
import type { Finding } from './findings';
import type { FileModule } from './modules';
import { isSuppressed, suppressionOnLine, type Suppression } from './python/suppression';
import { meets, spanPast, type AppliedEdit, type Window } from './python/changedRegions';
import { occurrences, type SourceText } from './python/sourceText';
import { detach, spanOf, type Span } from './python/syntax';
import { Registry } from './registry/registry';
import type { Rule } from './registry/rules';

export const DEPRECATED_STRING = 'SSOT004';

/** Callees whose first argument is a dotted path: to an object (`target`) or to a module. */
const CALLEES = new Map<string, 'target' | 'module'>([
  ['patch', 'target'],
  ['mock.patch', 'target'],
  ['unittest.mock.patch', 'target'],
  ['patch.dict', 'target'],
  ['mock.patch.dict', 'target'],
  ['unittest.mock.patch.dict', 'target'],
  ['import_module', 'module'],
  ['importlib.import_module', 'module'],
  ['__import__', 'module'],
]);

/** Every callee's last name (`patch` also stands for `patch.dict`): one of them is in the text of any candidate. */
const CALLEE_NAMES = ['patch', 'import_module', '__import__'];

const CALLS = '(call function: [(identifier) (attribute)] @callee arguments: (argument_list . (string) @arg))';

const queries = new WeakMap<object, Query>();

export interface StringMatch {
  finding: Finding;
  /** The string's content, between the quotes. */
  content: Span;
}

/** A dotted path of Python identifiers, as the value of a string (not source code). */
const DOTTED = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*(?:\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)*$/u;

/**
 * A string literal the registry may care about: the first argument of one of the CALLEES, plain
 * (see plainContent) and a dotted path. Plain data with detached strings, independent of the
 * registry: extracted once per parse (and cached), matched against any registry.
 */
export interface StringCandidate {
  /** 'target': a path to an object (`patch`); 'module': a module path (`import_module`). */
  mode: 'target' | 'module';
  /** The string's value, NFKC-normalised as Python normalises identifiers. */
  value: string;
  /** The string's content, between the quotes. */
  content: Span;
  /** From a `# ssot: ignore` comment on the string's line. */
  suppression?: Suppression;
}

/**
 * The dotted-path strings of a parsed file that SSOT004 looks at, in document order. With the
 * source `text`, a file that never names one of the callees is not searched at all.
 */
export function extractStringCandidates(tree: Tree, text?: SourceText): StringCandidate[] {
  // With the text, only the calls whose callee names one of the callees are queried (each on its
  // own: the pattern must start at the call), instead of every call of the file.
  return text === undefined ? candidatesIn(tree, [tree.rootNode], false) : candidatesIn(tree, callsNaming(tree, text), true);
}

/**
 * The candidates of `tree` after `edits` changed the text whose tree gave `previous`, where
 * `windows` (from ChangedRegions, widened over calls) hold every place the text or its syntax
 * changed: a string outside them is moved, the calls inside them are read again (see
 * extractImportsAfterEdits).
 */
export function extractStringCandidatesAfterEdits(
  tree: Tree,
  text: SourceText,
  previous: readonly StringCandidate[],
  edits: readonly AppliedEdit[],
  windows: readonly Window[],
): StringCandidate[] {
  const kept: StringCandidate[] = [];
  for (const candidate of previous) {
    const content = edits.reduce<Span | undefined>((span, edit) => span && spanPast(span, edit), candidate.content);
    if (content && !meets(windows, content.start, content.end)) kept.push(content === candidate.content ? candidate : { ...candidate, content });
  }
  return [...kept, ...candidatesIn(tree, callsNaming(tree, text, windows), true)].sort((a, b) => a.content.start - b.content.start);
}

/** The candidates among the calls at `roots` (each a call, when `callsOnly`), or anywhere below them. */
function candidatesIn(tree: Tree, roots: readonly Node[], callsOnly: boolean): StringCandidate[] {
  const language = tree.language;
  let query = queries.get(language);
  if (!query) queries.set(language, (query = new Query(language, CALLS)));
  const found: StringCandidate[] = [];
  for (const root of roots) {
    for (const match of query.matches(root, callsOnly ? { maxStartDepth: 0 } : {})) {
      const callee = match.captures.find((c) => c.name === 'callee')?.node;
      const arg = match.captures.find((c) => c.name === 'arg')?.node;
      const mode = callee && CALLEES.get(dotted(callee) ?? '');
      const content = arg && mode && plainContent(arg);
      if (!mode || !content) continue;
      const value = content.text.normalize('NFKC');
      if (!DOTTED.test(value)) continue;
      const suppression = suppressionOnLine(arg);
      found.push({ mode, value: detach(value), content: spanOf(content), ...(suppression ? { suppression } : {}) });
    }
  }
  return found.sort((a, b) => a.content.start - b.content.start);
}

/**
 * The call nodes whose callee (an identifier or attribute chain) spells one of CALLEE_NAMES
 * somewhere in it (where that is within `windows`, when given), in document order.
 */
function callsNaming(tree: Tree, text: SourceText, windows: readonly Window[] = [{ start: 0, end: text.length }]): Node[] {
  const calls = new Map<number, Node>();
  for (const { start, end } of windows) {
    for (const name of CALLEE_NAMES) {
      for (const i of occurrences(text, name, start, end)) {
        let node: Node | null = tree.rootNode.descendantForIndex(i);
        while (node?.parent?.type === 'attribute') node = node.parent;
        const call = node?.parent;
        if (!node || call?.type !== 'call' || call.childForFieldName('function')?.id !== node.id) continue;
        calls.set(call.id, call);
      }
    }
  }
  return [...calls.values()];
}

/** The SSOT004 findings among `candidates` (from extractStringCandidates), in their order. */
export function matchStringCandidates(candidates: readonly StringCandidate[], fileModule: FileModule | undefined, ctx: CheckContext): StringMatch[] {
  const found: StringMatch[] = [];
  if (ctx.registry.size === 0) return found;
  for (const { mode, value, content, suppression } of candidates) {
    const hit = mode === 'module' ? moduleTarget(value, ctx.registry) : objectTarget(value, ctx.registry);
    if (!hit || Registry.covers(hit.rule, fileModule?.name) || isSuppressed(suppression, DEPRECATED_STRING)) continue;
    const advice = hit.newValue !== undefined ? `: use '${hit.newValue}'` : ' and has no replacement';
    found.push({
      content,
      finding: {
        code: DEPRECATED_STRING,
        severity: ctx.severityOverride ?? hit.rule.severity,
        message: `'${value}' is deprecated${advice}${hit.rule.message ? ` — ${hit.rule.message}` : ''}`,
        range: content.range,
        ruleFrom: hit.rule.from,
        origin: hit.rule.origin,
        ...(hit.newValue !== undefined ? { replacement: { kind: 'string', oldValue: value, newValue: hit.newValue } } : {}),
      },
    });
  }
  return found;
}

/** The SSOT004 findings of a parsed file: extraction and matching in one step. */
export function matchStrings(tree: Tree, fileModule: FileModule | undefined, ctx: CheckContext): StringMatch[] {
  return matchStringCandidates(extractStringCandidates(tree), fileModule, ctx);
}

function dotted(node: Node): string | undefined {
  if (node.type === 'identifier') return node.text;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  const head = object && dotted(object);
  return head && attribute ? `${head}.${attribute.text}` : undefined;
}

/** The `string_content` of a plain literal (no prefix but r/u, no interpolation or escape). */
function plainContent(string: Node): Node | undefined {
  const parts = string.children;
  if (parts.length !== 3) return undefined;
  const [start, content, end] = parts;
  if (start?.type !== 'string_start' || content?.type !== 'string_content' || end?.type !== 'string_end') return undefined;
  const prefix = start.text.replace(/["']/g, '').toLowerCase();
  return prefix === '' || prefix === 'r' || prefix === 'u' ? content : undefined;
}

interface Hit {
  rule: Rule;
  newValue?: string;
}

/** `import_module("a.b")`: the module's own rule. */
function moduleTarget(value: string, registry: Registry): Hit | undefined {
  const match = registry.moduleRule(value);
  return match && { rule: match.rule, ...(match.newModule !== undefined ? { newValue: match.newModule } : {}) };
}

/** `patch("a.b.C.d")`: a name rule on a prefix (`a.b:C`) first, else the deepest module rule. */
function objectTarget(value: string, registry: Registry): Hit | undefined {
  const segments = value.split('.');
  for (let k = segments.length; k >= 2; k--) {
    const rule = registry.nameRule(segments.slice(0, k - 1).join('.'), segments[k - 1]!);
    if (rule) return { rule, ...(rule.to ? { newValue: [rule.to.module, rule.to.name, ...segments.slice(k)].filter(Boolean).join('.') } : {}) };
  }
  for (let k = segments.length; k >= 1; k--) {
    const match = registry.moduleRule(segments.slice(0, k).join('.'));
    if (match) return { rule: match.rule, ...(match.newModule !== undefined ? { newValue: [match.newModule, ...segments.slice(k)].join('.') } : {}) };
  }
  return undefined;
}
