/** Registry rules and the syntax of their `from` / `to` paths. */
import type { RuleOrigin, Severity } from '../findings';
import { PYTHON_KEYWORDS } from '../python/syntax';

export type RuleKind = 'module' | 'name' | 'package';

export interface Rule {
  /** The `from` value exactly as written. */
  from: string;
  kind: RuleKind;
  /** The module (for a package rule: the package) the rule is about, NFKC-normalised. */
  module: string;
  /** For a name rule: the moved name. */
  name?: string;
  /** Where it moved; absent for "deprecated, no replacement". For a package rule `module` is the new package. */
  to?: { module: string; name?: string };
  message?: string;
  severity: Severity;
  origin: RuleOrigin;
}

export interface ParsedPath {
  kind: RuleKind;
  module: string;
  name?: string;
}

const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;


function isIdentifier(segment: string): boolean {
  return IDENTIFIER.test(segment) && !PYTHON_KEYWORDS.has(segment);
}

/** Parses `a.b`, `a.b:Name` or `a.b.*`; returns a hint for the user when malformed. */
export function parsePath(raw: string): ParsedPath | { error: string } {
  const trimmed = raw.trim();
  if (trimmed === '') return { error: 'it is empty' };
  if (trimmed.includes('/') || trimmed.includes('\\')) return { error: 'module paths use dots, not slashes' };
  if (/\.pyi?$/.test(trimmed) && !trimmed.includes(':')) return { error: 'write the module name without the .py extension' };
  if (trimmed !== raw) return { error: 'it has leading or trailing spaces' };
  const path = raw.normalize('NFKC');

  let kind: RuleKind = 'module';
  let module = path;
  let name: string | undefined;
  if (path.endsWith('.*')) {
    kind = 'package';
    module = path.slice(0, -2);
  } else if (path.includes(':')) {
    kind = 'name';
    [module, name] = path.split(':', 2) as [string, string];
    if (path.split(':').length > 2) return { error: 'it has more than one ":"' };
    if (!isIdentifier(name)) return { error: `'${name}' after ":" is not a Python name` };
  }
  if (module.includes('*')) return { error: '"*" may only end a package path, as in "package.*"' };
  const bad = module.split('.').find((segment) => !isIdentifier(segment));
  if (bad !== undefined) return { error: bad === '' ? 'it has an empty segment (".." or a leading/trailing dot)' : `'${bad}' is not a Python identifier` };
  return name === undefined ? { kind, module } : { kind, module, name };
}

export function formatPath(p: ParsedPath): string {
  if (p.kind === 'package') return `${p.module}.*`;
  return p.name === undefined ? p.module : `${p.module}:${p.name}`;
}

/** A rule as the rule listings show it (`ssot-imports rules`, "Show Registry Rules"), with its origin in the caller's form. */
export interface ListedRule<O> {
  from: string;
  /** Same syntax as `from`; null for "deprecated, no replacement". */
  to: string | null;
  kind: RuleKind;
  severity: Severity;
  message: string | null;
  origin: O;
}

export function listedRule<O>(rule: Rule, origin: (o: RuleOrigin) => O): ListedRule<O> {
  const to = rule.to ? formatPath({ kind: rule.kind, module: rule.to.module, ...(rule.to.name !== undefined ? { name: rule.to.name } : {}) }) : null;
  return { from: rule.from, to, kind: rule.kind, severity: rule.severity, message: rule.message ?? null, origin: origin(rule.origin) };
}
