/** Matches a file's imports against the registry: the SSOT001 findings of one file. */
import type { Finding, Replacement, Severity } from './findings';
import type { AnyImport, FromImportStatement, ImportedName } from './python/imports';
import { extractImports } from './python/imports';
import type { PythonParser, Tree } from './python/parser';
import { extractStringCandidates, matchStringCandidates, type StringCandidate, type StringMatch } from './strings';
import { isSuppressed } from './python/suppression';
import type { Span } from './python/syntax';
import { moduleOfFile, resolveRelative, type FileModule } from './modules';
import { isAscii, rulesThatMayMatch, type FilterRule } from './index/prefilter';
import { Registry } from './registry/registry';
import type { Rule } from './registry/rules';

export const DEPRECATED_IMPORT = 'SSOT001';

export interface CheckContext {
  registry: Registry;
  sourceRoots: readonly string[];
  /** Replaces every rule's severity (the `ssotImports.severity` setting). */
  severityOverride?: Severity;
}

/** Parses `text` only when it can contain a match, and frees the tree before returning. */
export function checkSource(parser: PythonParser, text: string, file: string, ctx: CheckContext): Finding[] {
  const fileModule = moduleOfFile(file, ctx.sourceRoots);
  if (!mayMatch(text, fileModule, ctx.registry)) return [];
  const tree = parser.parse(text);
  try {
    return findingsInTree(tree, fileModule, ctx);
  } finally {
    tree.delete();
  }
}

/** What a parsed file's imports and strings match in the registry, for checks and for fixes. */
export interface TreeMatches {
  imports: AnyImport[];
  importMatches: ImportMatch[];
  stringMatches: StringMatch[];
}

/** What the caller already has of a tree: its source text, and what an open document read from it. */
export interface TreeReading {
  /** The tree's source: only the calls that name a callee are searched for strings (fast on large files). */
  text?: string;
  imports?: AnyImport[];
  strings?: readonly StringCandidate[];
}

export function matchTree(tree: Tree, fileModule: FileModule | undefined, ctx: CheckContext, reading: TreeReading = {}): TreeMatches {
  const imports = reading.imports ?? extractImports(tree);
  const strings = reading.strings ?? extractStringCandidates(tree, reading.text);
  return { imports, importMatches: matchImports(imports, fileModule, ctx), stringMatches: matchStringCandidates(strings, fileModule, ctx) };
}

/** Every finding of a parsed file: deprecated imports (SSOT001) and dotted strings (SSOT004), in document order. */
export function findingsInTree(tree: Tree, fileModule: FileModule | undefined, ctx: CheckContext): Finding[] {
  const { importMatches, stringMatches } = matchTree(tree, fileModule, ctx);
  return [...importMatches, ...stringMatches].map((m) => m.finding).sort(byPosition);
}

export function byPosition(a: { range: Finding['range'] }, b: { range: Finding['range'] }): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/**
 * The registry-independent facts of a parsed file that the registry checks need: its imports
 * and its dotted-path strings (the workspace index caches them per file).
 */
export interface MatchableFacts {
  imports: readonly AnyImport[];
  strings: readonly StringCandidate[];
}

/** What `matchTree` finds, from facts extracted earlier (or read from the cache): no tree needed. */
export function matchFacts(facts: MatchableFacts, fileModule: FileModule | undefined, ctx: CheckContext): Omit<TreeMatches, 'imports'> {
  return { importMatches: matchImports(facts.imports, fileModule, ctx), stringMatches: matchStringCandidates(facts.strings, fileModule, ctx) };
}

/** Every registry finding (SSOT001, SSOT004) of a file's facts, in document order. */
export function findingsInFacts(facts: MatchableFacts, fileModule: FileModule | undefined, ctx: CheckContext): Finding[] {
  const { importMatches, stringMatches } = matchFacts(facts, fileModule, ctx);
  return [...importMatches, ...stringMatches].map((m) => m.finding).sort(byPosition);
}

/**
 * The registry as plain data for a stricter gate than `mayMatch` (index/prefilter.ts), which a
 * worker thread applies to the files it reads before deciding to parse them.
 */
export interface MatchFilter {
  rules: FilterRule[];
}

export function matchFilter(registry: Registry): MatchFilter {
  return { rules: registry.rules.map((r) => ({ module: r.module, kind: r.kind, ...(r.name !== undefined ? { name: r.name } : {}) })) };
}

/** Like `mayMatch`, with the stricter conditions of index/prefilter.ts: still never false for a text with a finding. */
export function mayMatchFilter(text: string, fileModule: FileModule | undefined, filter: MatchFilter): boolean {
  return rulesMayMatchFilter(text, fileModule, filter, 1).length > 0;
}

/** The rules of `filter` (at most `limit`) that may match in `text`, as mayMatchFilter decides. */
export function rulesMayMatchFilter(text: string, fileModule: FileModule | undefined, filter: MatchFilter, limit = Infinity): FilterRule[] {
  if (filter.rules.length === 0) return [];
  // rule names are NFKC-normalised, as Python normalises identifiers (`ﬁle` is `file`)
  return rulesThatMayMatch(isAscii(text) ? text : text.normalize('NFKC'), fileModule, filter.rules, limit);
}

/**
 * False when no import in `text` can match a rule, so the parse can be skipped. A match needs the
 * final segment of the rule's module in the text (in the module path or as the imported name),
 * unless a relative import supplies it, and relative imports only reach the file's own ancestor
 * packages: then the file lies inside the rule's module.
 */
export function mayMatch(text: string, fileModule: FileModule | undefined, registry: Registry): boolean {
  if (registry.size === 0) return false;
  // rule names are NFKC-normalised, as Python normalises identifiers (`ﬁle` is `file`)
  const haystack = /[^\p{ASCII}]/u.test(text) ? text.normalize('NFKC') : text;
  for (const segment of registry.finalSegments) if (haystack.includes(segment)) return true;
  const own = fileModule?.name;
  return own !== undefined && registry.rules.some((rule) => own === rule.module || own.startsWith(rule.module + '.'));
}

/** A finding together with the import it was found in: what a fix needs. */
export interface ImportMatch {
  finding: Finding;
  statement: AnyImport;
  /** The items the finding is about: one for `import m` and name rules, every moved name for a module rule. */
  items: ImportedName[];
  /** The module rule's finding also covers the statement's `*`. */
  wildcard: boolean;
}

export function findDeprecatedImports(imports: readonly AnyImport[], fileModule: FileModule | undefined, ctx: CheckContext): Finding[] {
  return matchImports(imports, fileModule, ctx).map((m) => m.finding);
}

/** The findings of a file's imports, in document order, with the statements they come from. */
export function matchImports(imports: readonly AnyImport[], fileModule: FileModule | undefined, ctx: CheckContext): ImportMatch[] {
  const matches: ImportMatch[] = [];
  const report: Report = (rule, span, old, replacement, statement, items, wildcard = false) => {
    if (isSuppressed(statement.suppression, DEPRECATED_IMPORT) || Registry.covers(rule, fileModule?.name)) return;
    const advice = replacement ? `: ${describe(replacement)}` : ' and has no replacement';
    const finding: Finding = {
      code: DEPRECATED_IMPORT,
      severity: ctx.severityOverride ?? rule.severity,
      message: `'${old}' is deprecated${advice}${rule.message ? ` — ${rule.message}` : ''}`,
      range: span.range,
      ruleFrom: rule.from,
      origin: rule.origin,
      ...(replacement ? { replacement } : {}),
    };
    matches.push({ finding, statement, items, wildcard });
  };

  const firsts = firstSegments(ctx.registry);
  for (const statement of imports) {
    if (statement.kind === 'import') {
      for (const imported of statement.modules) {
        if (!firsts.has(topSegment(imported.name))) continue;
        const match = ctx.registry.moduleRule(imported.name);
        if (!match) continue;
        const replacement: Replacement | undefined = match.newModule !== undefined ? { kind: 'module', oldModule: imported.name, newModule: match.newModule } : undefined;
        report(match.rule, imported.span, imported.name, replacement, statement, [imported]);
      }
    } else {
      checkFromImport(statement, fileModule, ctx.registry, firsts, report);
    }
  }
  // a statement reports its names before its module; callers want document order
  return matches.sort((a, b) => byPosition(a.finding, b.finding));
}

type Report = (
  rule: Rule,
  span: Span,
  old: string,
  replacement: Replacement | undefined,
  statement: AnyImport,
  items: ImportedName[],
  wildcard?: boolean,
) => void;

function checkFromImport(statement: FromImportStatement, fileModule: FileModule | undefined, registry: Registry, firsts: ReadonlySet<string>, report: Report): void {
  const module = resolveRelative(statement.level, statement.module, fileModule);
  if (module === undefined || !firsts.has(topSegment(module))) return;
  const moduleMatch = registry.moduleRule(module);
  const movedWithModule: ImportedName[] = [];

  for (const imported of statement.names) {
    const nameRule = registry.nameRule(module, imported.name);
    if (nameRule) {
      const replacement: Replacement | undefined = nameRule.to
        ? { kind: 'name', oldModule: module, oldName: imported.name, newModule: nameRule.to.module, newName: nameRule.to.name! }
        : undefined;
      report(nameRule, imported.span, `${module}.${imported.name}`, replacement, statement, [imported]);
      continue;
    }
    // `from a import b` where a.b is itself a deprecated module (and not just part of a's rule)
    const submodule = `${module}.${imported.name}`;
    const submoduleMatch = registry.moduleRule(submodule);
    if (submoduleMatch && submoduleMatch.rule.module === submodule) {
      const target = submoduleMatch.newModule;
      const replacement: Replacement | undefined =
        target !== undefined ? { kind: 'name', oldModule: module, oldName: imported.name, newModule: parentOf(target), newName: lastOf(target) } : undefined;
      report(submoduleMatch.rule, imported.span, submodule, replacement, statement, [imported]);
      continue;
    }
    if (moduleMatch) movedWithModule.push(imported);
  }
  const wildcard = statement.wildcard !== undefined && moduleMatch !== undefined;

  if (moduleMatch && (movedWithModule.length > 0 || wildcard)) {
    const names = [...movedWithModule.map((n) => n.name), ...(wildcard ? ['*'] : [])];
    const replacement: Replacement | undefined =
      moduleMatch.newModule !== undefined ? { kind: 'from-module', oldModule: module, newModule: moduleMatch.newModule, names } : undefined;
    report(moduleMatch.rule, statement.moduleSpan, module, replacement, statement, movedWithModule, wildcard);
  }
}

const firstSegmentsOf = new WeakMap<Registry, ReadonlySet<string>>();

/**
 * The first segment of every rule's module: every lookup of a module `m` (its rule, a name rule
 * of `m`, the rule of `m.name`) needs one of them as `m`'s own first segment, so the many imports
 * of other top-level packages (the standard library, third parties) are passed over at once.
 */
function firstSegments(registry: Registry): ReadonlySet<string> {
  let firsts = firstSegmentsOf.get(registry);
  if (!firsts) firstSegmentsOf.set(registry, (firsts = new Set(registry.rules.map((r) => topSegment(r.module)))));
  return firsts;
}

function topSegment(module: string): string {
  const dot = module.indexOf('.');
  return dot < 0 ? module : module.slice(0, dot);
}

function parentOf(module: string): string {
  return module.slice(0, Math.max(0, module.lastIndexOf('.')));
}

function lastOf(module: string): string {
  return module.slice(module.lastIndexOf('.') + 1);
}

function describe(replacement: Replacement): string {
  switch (replacement.kind) {
    case 'module':
      return `import '${replacement.newModule}'`;
    case 'from-module':
      return `import ${replacement.names.map((n) => `'${n}'`).join(', ')} from '${replacement.newModule}'`;
    case 'name':
      return replacement.newModule === '' ? `import '${replacement.newName}'` : `import '${replacement.newName}' from '${replacement.newModule}'`;
    case 'string':
      return `use '${replacement.newValue}'`;
  }
}
