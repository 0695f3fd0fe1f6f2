/** `ssot-imports rules`: the effective registry rules with their origin, and the canonical imports. */
import { resolve } from 'node:path';
import { findProjectRoot, loadProject, REGISTRY_FILE, type CanonicalImport } from '../engine/project';
import { listedRule, type ListedRule, type Rule } from '../engine/registry/rules';
import type { RulesArgs } from './args';
import { EXIT_CLEAN, EXIT_ERROR, type Output } from './project';
import { relativePosix } from './report';

export const RULES_JSON_VERSION = 1;

export interface RulesJson {
  version: number;
  rules: ListedRule<{ file: string; line: number }>[];
  canonical: { module: string; name: string | null; origin: { file: string; line: number } }[];
}

export async function runRules(args: RulesArgs, cwd: string, io: Output): Promise<number> {
  const config = args.config !== undefined ? resolve(cwd, args.config) : undefined;
  const root = args.root !== undefined ? resolve(cwd, args.root) : config !== undefined ? resolve(config, '..') : await findProjectRoot(cwd);
  if (root === undefined) {
    io.err(`error: no SSOT registry found in ${cwd} or any folder above it: create ${REGISTRY_FILE} at the workspace root (or add [[tool.ssot-imports.rule]] tables to pyproject.toml), or pass --config FILE`);
    return EXIT_ERROR;
  }
  const project = await loadProject(root, config ? { registryFile: config } : {});
  for (const p of project.problems) io.err(`${relativePosix(cwd, p.file)}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
  if (project.problems.some((p) => p.severity === 'error')) return EXIT_ERROR;
  if (!project.registry) {
    io.err(`error: no SSOT registry found at ${root}: create ${REGISTRY_FILE} or pass --config FILE`);
    return EXIT_ERROR;
  }
  const json = rulesJson(root, project.registry.rules, project.canonical);
  io.out(args.format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : rulesText(json));
  return EXIT_CLEAN;
}

/** The rules and canonical imports with workspace-relative POSIX origins, in a fixed key order. */
export function rulesJson(root: string, rules: readonly Rule[], canonical: readonly CanonicalImport[]): RulesJson {
  const origin = (o: { file: string; line: number }) => ({ file: relativePosix(root, o.file) || o.file, line: o.line });
  return {
    version: RULES_JSON_VERSION,
    rules: rules.map((r) => listedRule(r, origin)),
    canonical: canonical.map((c) => ({ module: c.module, name: c.name ?? null, origin: origin(c.origin) })),
  };
}

/** `file:line: kind from → to [severity] — message`, one line each, then the canonical imports and a summary. */
export function rulesText(json: RulesJson): string {
  const lines: string[] = [];
  for (const r of json.rules) {
    const to = r.to === null ? '(no replacement)' : `→ ${r.to}`;
    lines.push(`${r.origin.file}:${r.origin.line}: ${r.kind} ${r.from} ${to} [${r.severity}]${r.message !== null ? ` — ${r.message}` : ''}`);
  }
  for (const c of json.canonical) lines.push(`${c.origin.file}:${c.origin.line}: canonical ${c.name === null ? c.module : `${c.module}:${c.name}`}`);
  const byFile = new Map<string, number>();
  for (const r of json.rules) byFile.set(r.origin.file, (byFile.get(r.origin.file) ?? 0) + 1);
  const sources = [...byFile].map(([file, n]) => `${n} from ${file}`).join(', ');
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${count(json.rules.length, 'rule')}${sources ? ` (${sources})` : ''}; ${count(json.canonical.length, 'canonical import')}.`);
  return `${lines.join('\n')}\n`;
}
