/**
 * `ssot-imports fix`: rewrites deprecated imports to their canonical paths (SSOT001, SSOT004) and
 * broken ones to where the name or module lives when the choice is unambiguous (SSOT002,
 * SSOT003), or prints the diff.
 */
import { chmod, rename, stat, writeFile } from 'node:fs/promises';
import { createTwoFilesPatch } from 'diff';
import { byPosition } from '../engine/check';
import type { Finding } from '../engine/findings';
import { fixSource } from '../engine/fix/fixSource';
import { fixBrokenImport } from '../engine/index/brokenFixes';
import type { BrokenImport, Candidate } from '../engine/index/brokenImports';
import { factsOfSource } from '../engine/index/facts';
import type { ModuleIndex } from '../engine/index/moduleIndex';
import { createPythonParser, type PythonParser } from '../engine/python/parser';
import { readSource } from '../engine/workspace/readSource';
import { INDEX_CODES, type Code, type FixArgs } from './args';
import { formatText } from './format/text';
import { progressLine } from './progress';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, openProject, type CliProject, type Output } from './project';
import { relativePosix, toReportFinding, type EngineFinding, type Report } from './report';
import { findingsOf, moduleOf, reportedFiles, scanWorkspace, textOf, type FileFindings } from './workspace';

export async function runFix(args: FixArgs, cwd: string, io: Output): Promise<number> {
  const project = await openProject(args, cwd, io);
  if (typeof project === 'number') return project;
  if (args.rule !== undefined && !project.registry.rules.some((r) => r.from === args.rule)) {
    io.err(`error: no rule with from = "${args.rule}" in the registry; the rules are:\n${project.registry.rules.map((r) => `  ${r.from}`).join('\n')}`);
    return EXIT_ERROR;
  }
  // --rule names a registry rule: the broken imports (which no rule describes) are left alone
  const codes: Code[] = args.rule === undefined ? args.select : args.select.filter((c) => !INDEX_CODES.includes(c));
  if (codes.length === 0) {
    io.err(`error: --rule fixes the findings of one registry rule (SSOT001, SSOT004), and --select names neither`);
    return EXIT_ERROR;
  }
  const select = (f: Finding) => (codes as readonly string[]).includes(f.code) && (args.rule === undefined || f.ruleFrom === args.rule);
  const { root } = project;
  const remaining: Report = { root, findings: [], skipped: [], filesChecked: 0, codes };
  const progress = progressLine();
  let workspace;
  try {
    workspace = await scanWorkspace(project, {
      codes,
      cache: args.cache,
      onUnreadable: (file, reason) => remaining.skipped.push({ file: relativePosix(root, file), reason }),
      ...(progress ? { onProgress: progress.update } : {}),
    });
  } finally {
    progress?.end();
  }

  let fixedDeprecated = 0;
  let fixedBroken = 0;
  let changedFiles = 0;
  let diff = '';
  let parser: PythonParser | undefined;
  const leave = (file: string, text: string | undefined, found: FileFindings) => {
    const findings: EngineFinding[] = [...found.registry.filter(select), ...found.broken].sort(byPosition);
    for (const finding of findings) remaining.findings.push(toReportFinding(root, file, text, finding));
  };

  try {
    for await (const { file, facts } of reportedFiles(workspace, remaining, project.sourceRoots)) {
      const fileModule = moduleOf(file, project);
      const before = findingsOf(facts, fileModule, project, codes, workspace.index);
      const deprecated = before.registry.filter(select);
      const index = workspace.index;
      const fixableBroken = index !== undefined && before.broken.some((b) => fixFor(b, project, index) !== undefined);
      const fixable = deprecated.some((f) => f.replacement !== undefined) || fixableBroken;
      if (!fixable) {
        leave(file, facts.astral ? await textOf(file) : undefined, before);
        continue;
      }

      const source = await readSource(file);
      if (!source.ok) {
        remaining.filesChecked--;
        remaining.skipped.push({ file: relativePosix(root, file), reason: source.reason });
        continue;
      }
      parser ??= await createPythonParser();
      let text = source.text;
      if (deprecated.some((f) => f.replacement !== undefined)) {
        const fix = fixSource(parser, text, file, project, select);
        if (fix.refused) io.err(`${relativePosix(cwd, file)}: not fixed: ${fix.refused}`);
        text = fix.output;
      }
      if (index && fixableBroken) {
        text = fixBrokenImports(parser, text, file, project, codes, index, (why) => io.err(`${relativePosix(cwd, file)}: not fixed: ${why}`));
      }

      const after = text === source.text ? before : findingsOf(factsOfSource(parser, text, file, project.sourceRoots), fileModule, project, codes, workspace.index);
      leave(file, text, after);
      if (text === source.text) continue;
      fixedDeprecated += Math.max(0, deprecated.length - after.registry.filter(select).length);
      fixedBroken += Math.max(0, before.broken.length - after.broken.length);
      changedFiles++;
      const name = relativePosix(root, file);
      if (args.diff) diff += createTwoFilesPatch(`a/${name}`, `b/${name}`, source.text, text, undefined, undefined, { context: 3 });
      else await writeAtomically(file, (source.bom ? '\uFEFF' : '') + text);
    }
  } finally {
    parser?.delete();
  }

  if (args.diff) io.out(diff);
  const verb = args.diff ? 'Would fix' : 'Fixed';
  const broken = fixedBroken > 0 ? ` and ${plural(fixedBroken, 'broken import')}` : '';
  io.err(`${verb} ${plural(fixedDeprecated, 'deprecated import')}${broken} in ${plural(changedFiles, 'file')}.`);
  if (remaining.findings.length > 0 || remaining.skipped.length > 0) io.err(`Left without a fix:\n${formatText(remaining).trimEnd()}`);
  if (args.diff && changedFiles > 0) return EXIT_FINDINGS;
  return remaining.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

/**
 * Where an unambiguous fix moves a broken import: its best candidate when that is a registry
 * target, or its only candidate — leaving out candidates the registry deprecates (moving an
 * import there would trade one finding for another) and, for a missing module, those that lack
 * one of the statement's names. Undefined when the choice is the user's.
 */
export function fixFor(broken: BrokenImport, project: CliProject, index: ModuleIndex): Candidate | undefined {
  const { registry } = project;
  const usable = broken.candidates.filter((c) => {
    if (registry.moduleRule(c.module)) return false;
    if (broken.code === 'SSOT002') return registry.nameRule(c.module, c.name ?? broken.item!.name) === undefined;
    return broken.statement.kind === 'import' || broken.statement.names.every((n) => index.binds(c.module, n.name) !== 'no');
  });
  const [best] = usable;
  return best && (best.reason === 'registry' || usable.length === 1) ? best : undefined;
}

/**
 * Rewrites the file's unambiguous broken imports one at a time (each a plan of the fix engine,
 * with its parse-safety check), looking at the file afresh after each. A rewrite is kept only
 * when it leaves fewer broken imports and no more registry findings than before.
 */
function fixBrokenImports(
  parser: PythonParser,
  text: string,
  file: string,
  project: CliProject,
  codes: readonly Code[],
  index: ModuleIndex,
  onRefused: (why: string) => void,
): string {
  const fileModule = moduleOf(file, project);
  const findingsIn = (t: string) => findingsOf(factsOfSource(parser, t, file, project.sourceRoots), fileModule, project, codes, index);
  let current = text;
  let found = findingsIn(current);
  // fixable ones before this many (in document order) could not be fixed: they stay as they are
  let passed = 0;
  for (let round = 0, rounds = 2 * found.broken.length + 1; round < rounds; round++) {
    const fixable = found.broken.map((b) => [b, fixFor(b, project, index)] as const).filter(([, c]) => c !== undefined);
    const next = fixable[passed];
    if (!next) break;
    const [target, candidate] = next;
    const fix = fixBrokenImport(parser, current, file, project.sourceRoots, target, candidate!);
    if (fix.edits.length === 0) {
      if (fix.refused) onRefused(fix.refused);
      passed++;
      continue;
    }
    const after = findingsIn(fix.output);
    if (after.broken.length >= found.broken.length || after.registry.length > found.registry.length) {
      passed++;
      continue;
    }
    current = fix.output;
    found = after;
  }
  return current;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Replaces the file in one step (never half-written), keeping its permissions. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const { mode } = await stat(file);
  const temporary = `${file}.ssot-imports-${process.pid}.tmp`;
  await writeFile(temporary, content, 'utf8');
  await chmod(temporary, mode);
  await rename(temporary, file);
}
