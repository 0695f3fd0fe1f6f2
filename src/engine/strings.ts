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
import { isSuppressed, suppressionOnLine } from './python/suppression';
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

const CALLS = '(call function: [(identifier) (attribute)] @callee arguments: (argument_list . (string) @arg))';

const queries = new WeakMap<object, Query>();

export interface StringMatch {
  finding: Finding;
  /** The string's content, between the quotes. */
  content: Span;
}

/** A dotted path of Python identifiers, as the value of a string (not source code). */
const DOTTED = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*(?:\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)*$/u;

export function matchStrings(tree: Tree, fileModule: FileModule | undefined, ctx: CheckContext): StringMatch[] {
  const language = tree.language;
  let query = queries.get(language);
  if (!query) queries.set(language, (query = new Query(language, CALLS)));
  const found: StringMatch[] = [];
  for (const match of query.matches(tree.rootNode)) {
    const callee = match.captures.find((c) => c.name === 'callee')?.node;
    const arg = match.captures.find((c) => c.name === 'arg')?.node;
    const mode = callee && CALLEES.get(dotted(callee) ?? '');
    const content = arg && mode && plainContent(arg);
    if (!mode || !content) continue;
    const value = content.text.normalize('NFKC');
    if (!DOTTED.test(value)) continue;
    const hit = mode === 'module' ? moduleTarget(value, ctx.registry) : objectTarget(value, ctx.registry);
    if (!hit || Registry.covers(hit.rule, fileModule?.name) || isSuppressed(suppressionOnLine(arg), DEPRECATED_STRING)) continue;
    const advice = hit.newValue !== undefined ? `: use '${hit.newValue}'` : ' and has no replacement';
    found.push({
      content: spanOf(content),
      finding: {
        code: DEPRECATED_STRING,
        severity: ctx.severityOverride ?? hit.rule.severity,
        message: `'${value}' is deprecated${advice}${hit.rule.message ? ` — ${hit.rule.message}` : ''}`,
        range: spanOf(content).range,
        ruleFrom: hit.rule.from,
        origin: hit.rule.origin,
        ...(hit.newValue !== undefined ? { replacement: { kind: 'string', oldValue: detach(value), newValue: hit.newValue } } : {}),
      },
    });
  }
  return found;
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
