/**
 * Reads and validates registry rules from TOML text. Every mistake becomes a problem naming the
 * file, the line and what to write instead; a registry with errors yields no rules at all, so a
 * typo never silently weakens the check.
 */
import { getStaticTOMLValue, parseTOML, type AST } from 'toml-eslint-parser';
import { SEVERITIES, type Severity } from '../findings';
import { formatPath, parsePath, type Rule } from './rules';
import { keyPositions, pathKey, type KeyPath, type TomlSpan } from './tomlPositions';

export interface ConfigProblem extends TomlSpan {
  /** Absolute path of the file the problem is in. */
  file: string;
  severity: 'error' | 'warning';
  message: string;
}

export type RegistryFormat = 'ssot-imports.toml' | 'pyproject.toml';

/** A markdown registry file listed in `[registry] markdown = [...]`. */
export interface MarkdownEntry {
  /** As written: relative to the workspace root (or absolute). */
  path: string;
  /** Where it is written in the TOML file, for "does not exist" errors. */
  span: TomlSpan;
}

export interface ParsedRegistry {
  rules: Rule[];
  problems: ConfigProblem[];
  /** False when a pyproject.toml has no [tool.ssot-imports] table. */
  present: boolean;
  /** The markdown registries listed in [registry] (absent when none is listed). */
  markdown?: MarkdownEntry[];
}

const RULE_KEYS = ['from', 'to', 'message', 'severity'] as const;
const SECTION_KEYS = ['rule', 'registry'] as const;
const REGISTRY_KEYS = ['markdown'] as const;

type Doc = Record<string, unknown>;

const isTable = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** toml-eslint-parser errors about a line cut short, which it reports at the next token. */
const MISSING_VALUE = 'Unspecified values are invalid';
const CUT_SHORT = [MISSING_VALUE, 'The key, equals sign, and value must be on the same line', 'Unterminated table-key'];

/** The parsed TOML document with key positions, or the syntax error as a problem. */
export function parseTomlDocument(text: string, file: string): { value: Doc; positions: Map<string, TomlSpan> } | ConfigProblem {
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (e) {
    const err = e as { message?: string; index?: number; lineNumber?: number; column?: number };
    let message = err.message ?? String(e);
    let line = err.lineNumber ?? 1;
    let column = (err.column ?? 0) + 1;
    const before = err.index === undefined ? '' : text.slice(0, err.index).trimEnd();
    const valueMissing = before.endsWith('=') && text.slice(before.length, err.index).includes('\n');
    if (valueMissing || (err.index !== undefined && CUT_SHORT.includes(message))) {
      // reported at the next token, maybe lines below: point just after the line's last character
      if (valueMissing) message = MISSING_VALUE;
      line = before.split('\n').length;
      column = before.length - (before.lastIndexOf('\n') + 1) + 1;
    }
    return { file, line, column, endLine: line, endColumn: column + 1, severity: 'error', message: `TOML syntax error: ${message}` };
  }
  return { value: getStaticTOMLValue(program), positions: keyPositions(program) };
}

export function parseRegistry(text: string, file: string, format: RegistryFormat): ParsedRegistry {
  const doc = parseTomlDocument(text, file);
  if ('message' in doc) return { rules: [], problems: [doc], present: true };

  const base: KeyPath = format === 'pyproject.toml' ? ['tool', 'ssot-imports'] : [];
  const problems: ConfigProblem[] = [];
  const at = (path: KeyPath, message: string): void => {
    // fall back to the nearest enclosing key that has a position
    for (let p = path; ; p = p.slice(0, -1)) {
      const span = doc.positions.get(pathKey(p));
      if (span || p.length === 0) {
        problems.push({ file, ...(span ?? { line: 1, column: 1, endLine: 1, endColumn: 1 }), severity: 'error', message });
        return;
      }
    }
  };

  let section: unknown = doc.value;
  for (const key of base) section = isTable(section) ? section[key] : undefined;
  if (section === undefined) return { rules: [], problems: [], present: false };
  const sectionName = format === 'pyproject.toml' ? '[tool.ssot-imports]' : 'ssot-imports.toml';
  const ruleHeader = format === 'pyproject.toml' ? '[[tool.ssot-imports.rule]]' : '[[rule]]';
  if (!isTable(section)) {
    at(base, `${sectionName} must be a table of rules: write each rule as a ${ruleHeader} table`);
    return { rules: [], problems, present: true };
  }

  const registryHeader = format === 'pyproject.toml' ? '[tool.ssot-imports.registry]' : '[registry]';
  for (const key of Object.keys(section)) {
    if ((SECTION_KEYS as readonly string[]).includes(key)) continue;
    const suggestion = suggest(key, SECTION_KEYS);
    const what = suggestion.includes("'registry'") ? `list markdown registries in a ${registryHeader} table` : `write each rule as a ${ruleHeader} table`;
    at([...base, key], `unknown key '${key}' in ${sectionName}${suggestion}; ${what}`);
  }
  const markdown = readMarkdownList(section['registry'], [...base, 'registry'], registryHeader, at, doc.positions);
  const list = section['rule'];
  const withMarkdown = (parsed: ParsedRegistry): ParsedRegistry => (markdown && markdown.length > 0 && parsed.problems.length === 0 ? { ...parsed, markdown } : parsed);
  if (list === undefined) {
    // A registry of markdown rules only has no [[rule]] tables.
    if (problems.length === 0 && !(markdown && markdown.length > 0)) {
      at(base, `${sectionName} has no rules: add a ${ruleHeader} table with from = "package.module"${markdown ? `, or list a markdown registry in markdown = ["docs/SSOT_IMPORT_REGISTRY.md"]` : ''}`);
    }
    return withMarkdown({ rules: [], problems, present: true });
  }
  if (!Array.isArray(list)) {
    at([...base, 'rule'], `'rule' must be an array of tables: write each rule as a ${ruleHeader} table`);
    return { rules: [], problems, present: true };
  }

  const rules: Rule[] = [];
  const firstLine = new Map<string, number>();
  list.forEach((entry, index) => {
    const path = [...base, 'rule', index];
    const line = doc.positions.get(pathKey(path))?.line ?? 1;
    const rule = readRule(entry, path, at, { file, line: doc.positions.get(pathKey([...path, 'from']))?.line ?? line });
    if (!rule) return;
    const key = formatPath({ kind: rule.kind, module: rule.module, ...(rule.name ? { name: rule.name } : {}) });
    const previous = firstLine.get(key);
    if (previous !== undefined) {
      at([...path, 'from'], `duplicate rule for '${rule.from}' (first defined on line ${previous}): merge the two rules or delete one`);
      return;
    }
    firstLine.set(key, rule.origin.line);
    rules.push(rule);
  });
  return withMarkdown({ rules: problems.length > 0 ? [] : rules, problems, present: true });
}

/** `[registry] markdown = ["docs/X.md", …]`: the listed files, or undefined without a [registry] table. */
function readMarkdownList(
  table: unknown,
  path: KeyPath,
  header: string,
  at: (path: KeyPath, message: string) => void,
  positions: Map<string, TomlSpan>,
): MarkdownEntry[] | undefined {
  if (table === undefined) return undefined;
  const example = 'markdown = ["docs/SSOT_IMPORT_REGISTRY.md"]';
  if (!isTable(table)) {
    at(path, `'registry' must be a table: write ${header} with ${example}`);
    return [];
  }
  for (const key of Object.keys(table)) {
    if (!(REGISTRY_KEYS as readonly string[]).includes(key)) at([...path, key], `unknown key '${key}' in ${header}${suggest(key, REGISTRY_KEYS)}; ${header} has the key ${REGISTRY_KEYS.join(', ')}, e.g. ${example}`);
  }
  const list = table['markdown'];
  if (list === undefined) return [];
  const listPath = [...path, 'markdown'];
  if (!Array.isArray(list)) {
    const hint = typeof list === 'string' ? `write markdown = [${JSON.stringify(list)}]` : `write ${example}`;
    at(listPath, `'markdown' must be an array of paths relative to the workspace root: ${hint}`);
    return [];
  }
  const entries: MarkdownEntry[] = [];
  list.forEach((item, index) => {
    const itemPath = [...listPath, index];
    if (typeof item !== 'string' || item.trim() === '') {
      at(itemPath, `each entry of 'markdown' must be the path of a markdown file relative to the workspace root, e.g. ${example}; ${JSON.stringify(item)} is not`);
      return;
    }
    const span = positions.get(pathKey(itemPath)) ?? positions.get(pathKey(listPath)) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    if (!entries.some((e) => e.path === item)) entries.push({ path: item, span });
  });
  return entries;
}

function readRule(entry: unknown, path: KeyPath, at: (path: KeyPath, message: string) => void, origin: Rule['origin']): Rule | undefined {
  if (!isTable(entry)) {
    at(path, `each rule must be a table like { from = "package.module", to = "new.module" }`);
    return undefined;
  }
  let ok = true;
  const fail = (key: string, message: string) => {
    at([...path, key], message);
    ok = false;
  };
  for (const key of Object.keys(entry)) {
    if (!(RULE_KEYS as readonly string[]).includes(key)) fail(key, `unknown key '${key}' in rule${suggest(key, RULE_KEYS)}; a rule has the keys ${RULE_KEYS.join(', ')}`);
  }

  const from = entry['from'];
  if (from === undefined) {
    at(path, `rule has no 'from': add from = "package.module" (or "package.module:Name", or "package.*")`);
    return undefined;
  }
  if (typeof from !== 'string') {
    fail('from', `'from' must be a string such as "package.module", "package.module:Name" or "package.*"`);
    return undefined;
  }
  const source = parsePath(from);
  if ('error' in source) {
    fail('from', `from = "${from}" is not a valid path: ${source.error}; write "package.module", "package.module:Name" or "package.*"`);
    return undefined;
  }

  let to: Rule['to'];
  const rawTo = entry['to'];
  if (rawTo !== undefined) {
    const target = typeof rawTo === 'string' ? parsePath(rawTo) : { error: 'it is not a string' };
    const expected = source.kind === 'package' ? '"new.package.*"' : source.kind === 'name' ? '"new.module:Name" or "new.module"' : '"new.module"';
    if ('error' in target) {
      fail('to', `to = ${JSON.stringify(rawTo)} is not a valid path: ${target.error}; write ${expected}`);
    } else if ((source.kind === 'package') !== (target.kind === 'package') || (source.kind === 'module' && target.kind === 'name')) {
      fail('to', `to = ${JSON.stringify(rawTo)} does not match from = "${from}": a ${source.kind} rule moves to ${expected}`);
    } else if (formatPath(target) === formatPath(source) || (source.kind === 'name' && target.kind === 'module' && target.module === source.module)) {
      fail('to', `to = ${JSON.stringify(rawTo)} is the same path as 'from'; remove 'to' if the path has no replacement`);
    } else {
      to = { module: target.module, ...(source.kind === 'name' ? { name: target.name ?? source.name! } : {}) };
    }
  }

  let severity: Severity = 'warning';
  const rawSeverity = entry['severity'];
  if (rawSeverity !== undefined) {
    if (typeof rawSeverity === 'string' && (SEVERITIES as readonly string[]).includes(rawSeverity)) severity = rawSeverity as Severity;
    else fail('severity', `severity = ${JSON.stringify(rawSeverity)} is not one of ${SEVERITIES.join(', ')}${typeof rawSeverity === 'string' ? suggest(rawSeverity, SEVERITIES) : ''}`);
  }
  const message = entry['message'];
  if (message !== undefined && typeof message !== 'string') fail('message', `'message' must be a string, e.g. message = "moved in #757"`);

  if (!ok) return undefined;
  return {
    from,
    kind: source.kind,
    module: source.module,
    ...(source.name !== undefined ? { name: source.name } : {}),
    ...(to ? { to } : {}),
    ...(typeof message === 'string' && message.trim() !== '' ? { message: message.trim() } : {}),
    severity,
    origin,
  };
}

/** `; did you mean 'x'?` for a near miss (case-insensitive, edit distance ≤ 2), else ''. */
function suggest(word: string, candidates: readonly string[]): string {
  if (word === '') return ''; // not a near miss of anything (and a prefix of everything)
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = candidate.startsWith(word.toLowerCase()) ? 1 : distance(word.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best ? `; did you mean '${best}'?` : '';
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
