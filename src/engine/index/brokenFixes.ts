/**
 * Rewrites a broken import (SSOT002/SSOT003) to one of its candidates. The rewrite is the fix
 * engine's own: the candidate becomes a one-rule registry (`from M import Y` → a name rule
 * `M:Y` → `C:Y`; a missing module → a module rule), so splitting a mixed statement, merging
 * into an existing import, keeping aliases and the parse-safety check all come with it.
 */
import type { CheckContext } from '../check';
import { sameRange, type Finding } from '../findings';
import { fixSource, type SourceFix } from '../fix/fixSource';
import type { PythonParser } from '../python/parser';
import { Registry } from '../registry/registry';
import type { Rule } from '../registry/rules';
import type { BrokenImport, Candidate } from './brokenImports';

/** The rule that moves the broken import to `candidate`. */
export function candidateRule(broken: BrokenImport, candidate: Candidate): Rule {
  const origin = { file: '', line: 0 };
  if (broken.code === 'SSOT002') {
    const name = broken.item!.name;
    return { from: `${broken.module}:${name}`, kind: 'name', module: broken.module, name, to: { module: candidate.module, name: candidate.name ?? name }, severity: broken.severity, origin };
  }
  return { from: broken.module, kind: 'module', module: broken.module, to: { module: candidate.module }, severity: broken.severity, origin };
}

/** The edits that import from `candidate` instead (none when the rewrite would be unsafe). */
export function fixBrokenImport(parser: PythonParser, text: string, file: string, sourceRoots: readonly string[], broken: BrokenImport, candidate: Candidate): SourceFix {
  const ctx: CheckContext = { registry: new Registry([candidateRule(broken, candidate)]), sourceRoots };
  const isThis = (f: Finding) => sameRange(f.range, broken.range);
  return fixSource(parser, text, file, ctx, isThis);
}

/** What the quick fix says it does. */
export function candidateTitle(broken: BrokenImport, candidate: Candidate): string {
  if (broken.code === 'SSOT002') {
    const name = broken.item!.name;
    return candidate.name !== undefined && candidate.name !== name
      ? `Import '${candidate.name}' from '${candidate.module}' as '${name}'`
      : `Import '${name}' from '${candidate.module}'`;
  }
  return broken.statement.kind === 'from' ? `Import from '${candidate.module}' instead` : `Import '${candidate.module}' instead`;
}
