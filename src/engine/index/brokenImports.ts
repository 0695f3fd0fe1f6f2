/**
 * Imports of the workspace's own modules that cannot work: a name the module does not bind
 * (SSOT002), or a module that does not exist (SSOT003); each with ranked places to import from
 * instead, so a quick fix can rewrite the import.
 *
 * Only what the index knows for certain is reported: never a module outside the first party, a
 * relative import that climbs above the source root, an open module, or an unparsed one.
 */
import type { ImportMatch } from '../check';
import type { Range, Severity } from '../findings';
import { resolveRelative, type FileModule } from '../modules';
import type { AnyImport, ImportedName } from '../python/imports';
import { isSuppressed } from '../python/suppression';
import type { Registry } from '../registry/registry';
import { byPathLength, type Definition, type ModuleIndex } from './moduleIndex';

export const MISSING_NAME = 'SSOT002';
export const MISSING_MODULE = 'SSOT003';
export type BrokenImportCode = typeof MISSING_NAME | typeof MISSING_MODULE;

/** How many candidates a finding keeps: enough for a quick-fix menu. */
export const MAX_CANDIDATES = 10;

export type CandidateReason =
  /** a registry rule's canonical target */
  | 'registry'
  /** the module's `__all__` exports the name */
  | 'all'
  /** a module on an SSOT or canonical path (a segment containing `ssot` or `canonical`) */
  | 'canonical-path'
  /** the module that defines it (or, for a name imported from outside the workspace, that module) */
  | 'definition'
  /** another module that re-exports the definition */
  | 'reexport'
  /** a module of the same final name (SSOT003), or a submodule named like the missing name (SSOT002) */
  | 'same-name';

/**
 * A place to import from instead. SSOT002 and `from` imports: `from <module> import <name ?? the
 * imported name>`. SSOT003 of `import a.b`: `import <module>`.
 */
export interface Candidate {
  module: string;
  /** Set when the name differs there (`from .impl import _Real as Y` re-exports `_Real`). */
  name?: string;
  reason: CandidateReason;
}

export interface BrokenImport {
  code: BrokenImportCode;
  severity: Severity;
  message: string;
  /** The imported name (SSOT002) or the module as written (SSOT003). */
  range: Range;
  statement: AnyImport;
  /** The imported name (SSOT002) or the `import a.b` item (SSOT003); absent for the module of a `from` statement. */
  item?: ImportedName;
  /** The imported module, absolute (relative imports resolved). */
  module: string;
  /** SSOT003: the first module of the path that does not exist (`a.b` of `import a.b.c`). */
  missing?: string;
  /** Best first, no duplicates, at most MAX_CANDIDATES. */
  candidates: Candidate[];
}

export interface BrokenImportOptions {
  severity?: Partial<Record<BrokenImportCode, Severity>>;
  /** Start offsets of imports guarded by `except ImportError` (see importGuards.ts): never reported. */
  guarded?: ReadonlySet<number>;
}

export function findBrokenImports(
  imports: readonly AnyImport[],
  fileModule: FileModule | undefined,
  index: ModuleIndex,
  registry?: Registry,
  options: BrokenImportOptions = {},
): BrokenImport[] {
  const found: BrokenImport[] = [];
  const severity = (code: BrokenImportCode): Severity => options.severity?.[code] ?? 'error';
  const own = fileModule?.name;
  for (const statement of imports) {
    if (options.guarded?.has(statement.span.start)) continue;
    const reports = (code: BrokenImportCode) => !isSuppressed(statement.suppression, code);
    if (statement.kind === 'import') {
      if (!reports(MISSING_MODULE)) continue;
      for (const item of statement.modules) {
        const missing = missingModule(item.name, index);
        if (missing === undefined) continue;
        found.push({
          code: MISSING_MODULE,
          severity: severity(MISSING_MODULE),
          message: `No module named '${missing}'`,
          range: item.span.range,
          statement,
          item,
          module: item.name,
          missing,
          candidates: moduleCandidates(item.name, missing, [], own, index, registry),
        });
      }
      continue;
    }
    const module = resolveRelative(statement.level, statement.module, fileModule);
    if (module === undefined || module === '__future__' || !index.isFirstParty(module)) continue;
    if (!index.exists(module)) {
      const missing = missingModule(module, index);
      if (missing === undefined || !reports(MISSING_MODULE)) continue;
      found.push({
        code: MISSING_MODULE,
        severity: severity(MISSING_MODULE),
        message: `No module named '${missing}'`,
        range: statement.moduleSpan.range,
        statement,
        module,
        missing,
        candidates: moduleCandidates(module, missing, statement.names.map((n) => n.name), own, index, registry),
      });
      continue;
    }
    if (!reports(MISSING_NAME)) continue;
    for (const item of statement.names) {
      if (index.binds(module, item.name) !== 'no') continue;
      const candidates = nameCandidates(module, item.name, own, index, registry);
      found.push({
        code: MISSING_NAME,
        severity: severity(MISSING_NAME),
        message: missingNameMessage(module, item.name, candidates),
        range: item.span.range,
        statement,
        item,
        module,
        candidates,
      });
    }
  }
  return found;
}

/**
 * The broken imports the registry does not flag already: an import with an SSOT001 finding is
 * not reported twice (its registry message says more), as brokenImportsInTree does in the editor.
 * `deprecated` are the file's import matches (matchImports) over the same `imports` objects.
 */
export function notFlaggedByRegistry(broken: readonly BrokenImport[], deprecated: readonly ImportMatch[]): BrokenImport[] {
  if (deprecated.length === 0) return [...broken];
  const flaggedItems = new Set<ImportedName>(deprecated.flatMap((m) => m.items));
  const flaggedModules = new Set<AnyImport>(deprecated.filter((m) => m.statement.kind === 'from' && m.finding.range === m.statement.moduleSpan.range).map((m) => m.statement));
  return broken.filter((b) => (b.item ? !flaggedItems.has(b.item) : !flaggedModules.has(b.statement)));
}

/**
 * The first prefix of `module` that does not exist, when its parent does and the index knows all
 * of the parent's submodules; undefined when `module` exists or may exist.
 */
function missingModule(module: string, index: ModuleIndex): string | undefined {
  if (!index.isFirstParty(module) || index.exists(module)) return undefined;
  const segments = module.split('.');
  for (let keep = segments.length - 1; keep >= 1; keep--) {
    const parent = segments.slice(0, keep).join('.');
    if (!index.exists(parent)) continue;
    return index.knowsSubmodules(parent) ? segments.slice(0, keep + 1).join('.') : undefined;
  }
  return undefined;
}

/**
 * Where a missing module may have gone: the registry's target for it, then existing modules of
 * the missing segment's name with the rest of the path appended (for `from` imports, those that
 * bind every imported name first), else modules named like the path's last segment.
 */
function moduleCandidates(
  module: string,
  missing: string,
  names: readonly string[],
  own: string | undefined,
  index: ModuleIndex,
  registry: Registry | undefined,
): Candidate[] {
  const out = new Candidates([module, ...(own ? [own] : [])]);
  const target = registry?.moduleRule(module)?.newModule;
  if (target !== undefined && index.exists(target)) out.add({ module: target, reason: 'registry' });

  const rest = module.slice(missing.length); // '' or '.c…'
  const lastOfMissing = missing.slice(missing.lastIndexOf('.') + 1);
  const bindsAll = (m: string) => names.every((n) => index.binds(m, n) === 'yes');
  const rank = (ms: string[]) => ms.sort((a, b) => Number(bindsAll(b)) - Number(bindsAll(a)) || byPathLength(a, b));
  const renamed = index.modulesNamed(lastOfMissing).map((m) => m + rest).filter((m) => index.exists(m));
  for (const m of rank(renamed)) out.add({ module: m, reason: 'same-name' });
  if (out.size === 0 && rest !== '') {
    for (const m of rank(index.modulesNamed(module.slice(module.lastIndexOf('.') + 1)))) out.add({ module: m, reason: 'same-name' });
  }
  return out.list();
}

/**
 * Where `name` lives, best first: registry targets, `__all__` exporters, modules on SSOT or
 * canonical paths, the defining modules, other re-exporters, then parents of modules of that
 * name; shortest module path first within each group.
 */
function nameCandidates(module: string, name: string, own: string | undefined, index: ModuleIndex, registry: Registry | undefined): Candidate[] {
  const out = new Candidates([module, ...(own ? [own] : [])]);
  const bound = (m: string, n: string) => index.binds(m, n) === 'yes';
  const add = (m: string, n: string, reason: CandidateReason) => out.add({ module: m, ...(n !== name ? { name: n } : {}), reason });

  // 1. the registry: this name's rule, this module's rule, then any rule whose target binds it
  if (registry) {
    const nameTarget = registry.nameRule(module, name)?.to;
    if (nameTarget?.name !== undefined && bound(nameTarget.module, nameTarget.name)) add(nameTarget.module, nameTarget.name, 'registry');
    const moduleTarget = registry.moduleRule(module)?.newModule;
    if (moduleTarget !== undefined && bound(moduleTarget, name)) add(moduleTarget, name, 'registry');
    const others: string[] = [];
    for (const rule of registry.rules) {
      // a module or package rule's target, or a name rule that moves a name of this name
      if (rule.to && (rule.to.name === undefined || rule.to.name === name) && bound(rule.to.module, name)) others.push(rule.to.module);
    }
    for (const m of others.sort(byPathLength)) add(m, name, 'registry');
  }

  // 2. `__all__` exporters, 3. SSOT / canonical paths, 4. definitions, 5. other re-exporters,
  // 6. a module of that name elsewhere: `from its.parent import name`
  const where = placesOf(index, name);
  const full = () => out.size >= MAX_CANDIDATES;
  for (const d of where.usable) if (d.inAll && !full()) add(d.module, name, 'all');
  for (const d of where.usable) if (isCanonicalPath(d.module) && !full()) add(d.module, name, 'canonical-path');
  for (const d of where.definitions) if (!full()) add(d.module, d.name, 'definition');
  for (const d of where.usable) if (d.reexport && !full()) add(d.module, name, 'reexport');
  for (const parent of where.parentsOfModules) if (!full()) add(parent, name, 'same-name');
  return out.list();
}

/** Where a name is bound in the workspace, independent of the importing file: computed once per name and index version. */
interface Places {
  /**
   * The first-party binders worth suggesting, shortest path first: definitions, and re-exports
   * of a definition that resolves inside the workspace or that `__all__` exports on purpose (a
   * module that merely imports `Optional` from typing is no place to import it from).
   */
  usable: Definition[];
  /** Where re-export chains end: first-party definitions, then modules outside the workspace; each group shortest first. */
  definitions: { module: string; name: string }[];
  /** Parents of modules named like the name. */
  parentsOfModules: string[];
}

const placesCache = new WeakMap<ModuleIndex, { version: number; byName: Map<string, Places> }>();

function placesOf(index: ModuleIndex, name: string): Places {
  let cache = placesCache.get(index);
  if (!cache || cache.version !== index.version) placesCache.set(index, (cache = { version: index.version, byName: new Map() }));
  let places = cache.byName.get(name);
  if (!places) cache.byName.set(name, (places = computePlaces(index, name)));
  return places;
}

function computePlaces(index: ModuleIndex, name: string): Places {
  const usable: Definition[] = [];
  const definitions = new Map<string, { module: string; name: string }>();
  for (const d of index.definitionsOf(name)) {
    const end = index.resolve(d.module, name).at(-1);
    const defined = end !== undefined && end.kind !== 'import' && end.kind !== 'module';
    if (defined) definitions.set(`${end.module}\0${end.name}`, { module: end.module, name: end.name ?? name });
    else if (d.reexport && d.from && !index.isFirstParty(d.from.module) && d.from.name !== undefined) {
      // imported from outside the workspace: that module is where it lives
      definitions.set(`${d.from.module}\0${d.from.name}`, { module: d.from.module, name: d.from.name });
    }
    if (!d.reexport || defined || d.inAll) usable.push(d);
  }
  const byPath = (a: { module: string }, b: { module: string }) => byPathLength(a.module, b.module);
  usable.sort(byPath);
  const defs = [...definitions.values()];
  const firstParty = defs.filter((d) => index.isFirstParty(d.module)).sort(byPath);
  const external = defs.filter((d) => !index.isFirstParty(d.module)).sort(byPath);
  const parentsOfModules: string[] = [];
  for (const m of index.modulesNamed(name)) {
    const parent = m.slice(0, Math.max(0, m.lastIndexOf('.')));
    if (parent !== '') parentsOfModules.push(parent);
  }
  return { usable, definitions: [...firstParty, ...external], parentsOfModules };
}

/** A segment containing `ssot` or `canonical`, whatever the case. */
export function isCanonicalPath(module: string): boolean {
  return module.split('.').some((s) => /ssot|canonical/i.test(s));
}

function missingNameMessage(module: string, name: string, candidates: readonly Candidate[]): string {
  if (candidates.length === 0) return `'${name}' is not defined in '${module}' and is not defined anywhere in the workspace`;
  const places = candidates.map((c) => `'${c.module}'${c.name !== undefined ? ` (as '${c.name}')` : ''}`);
  const listed =
    places.length === 1 ? places[0]! : places.length === 2 ? `${places[0]} and ${places[1]}` : `${places[0]}, ${places[1]} and ${places.length - 2} more`;
  return `'${name}' is not defined in '${module}': it lives in ${listed}`;
}

/** Candidates in insertion order, one per module, skipping the excluded modules, capped. */
class Candidates {
  private readonly byModule = new Map<string, Candidate>();

  constructor(private readonly excluded: readonly string[]) {}

  get size(): number {
    return this.byModule.size;
  }

  add(candidate: Candidate): void {
    if (this.byModule.size >= MAX_CANDIDATES || this.excluded.includes(candidate.module) || this.byModule.has(candidate.module)) return;
    this.byModule.set(candidate.module, candidate);
  }

  list(): Candidate[] {
    return [...this.byModule.values()];
  }
}

