/**
 * Registry drift: rules whose `to` names a first-party module or name that the workspace no
 * longer has, and canonical lines of a markdown registry that do not resolve. Such a registry
 * sends every fix to a place that breaks; reported as warnings in the registry file itself.
 */
import type { CanonicalImport } from '../registry/markdown';
import type { ConfigProblem } from '../registry/parse';
import type { Rule } from '../registry/rules';
import type { ModuleIndex } from './moduleIndex';

export function registryDrift(rules: readonly Rule[], canonical: readonly CanonicalImport[], index: ModuleIndex): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report = (origin: { file: string; line: number }, message: string) =>
    problems.push({ file: origin.file, line: origin.line, column: 1, endLine: origin.line, endColumn: 1, severity: 'warning', message });

  for (const rule of rules) {
    if (!rule.to) continue;
    const what = unresolved(rule.to.module, rule.kind === 'package' ? undefined : rule.to.name, index);
    if (what) report(rule.origin, `the target of '${rule.from}' ${what}: its fixes would import something that does not exist`);
  }
  for (const line of canonical) {
    const what = unresolved(line.module, line.name, index);
    if (what) report(line.origin, `this canonical import ${what}`);
  }
  return problems;
}

/** Why `module` (and `name` in it) cannot be imported, or undefined when it can or the index cannot tell. */
function unresolved(module: string, name: string | undefined, index: ModuleIndex): string | undefined {
  if (!index.isFirstParty(module)) return undefined;
  if (!index.exists(module)) {
    const last = module.slice(module.lastIndexOf('.') + 1);
    const elsewhere = index.modulesNamed(last).filter((m) => m !== module);
    return `names the module '${module}', which is not in the workspace${elsewhere.length > 0 ? ` (a module of that name: '${elsewhere[0]}')` : ''}`;
  }
  if (name === undefined || index.binds(module, name) !== 'no') return undefined;
  const definers = index.definitionsOf(name).filter((d) => !d.reexport).map((d) => d.module);
  return `names '${name}' in '${module}', which does not define it${definers.length > 0 ? ` (it is defined in '${definers[0]}')` : ''}`;
}
