/** `ssot-imports fix`: rewrites deprecated imports to their canonical paths, or prints the diff. */
import { chmod, rename, stat, writeFile } from 'node:fs/promises';
import { createTwoFilesPatch } from 'diff';
import { checkSource } from '../engine/check';
import type { Finding } from '../engine/findings';
import { fixSource } from '../engine/fix/fixSource';
import { createPythonParser } from '../engine/python/parser';
import type { FixArgs } from './args';
import { formatText } from './format/text';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, openProject, sources, type Output } from './project';
import { relativePosix, toReportFinding, type Report } from './report';

export async function runFix(args: FixArgs, cwd: string, io: Output): Promise<number> {
  const project = await openProject(args, cwd, io);
  if (typeof project === 'number') return project;
  if (args.rule !== undefined && !project.registry.rules.some((r) => r.from === args.rule)) {
    io.err(`error: no rule with from = "${args.rule}" in the registry; the rules are:\n${project.registry.rules.map((r) => `  ${r.from}`).join('\n')}`);
    return EXIT_ERROR;
  }
  const select = (f: Finding) => args.rule === undefined || f.ruleFrom === args.rule;
  const { root } = project;
  const remaining: Report = { root, findings: [], skipped: [], filesChecked: 0 };
  let fixedImports = 0;
  let changedFiles = 0;
  let diff = '';

  const parser = await createPythonParser();
  try {
    for await (const source of sources(project, remaining)) {
      const { file } = source;
      const fix = fixSource(parser, source.text, file, project, select);
      const before = fix.found.filter((f) => select(f.finding)).length;
      const left = checkSource(parser, fix.output, file, project).filter(select);
      for (const finding of left) remaining.findings.push(toReportFinding(root, file, fix.output, finding));
      if (fix.refused) io.err(`${relativePosix(cwd, file)}: not fixed: ${fix.refused}`);
      if (fix.edits.length === 0) continue;
      fixedImports += before - left.length;
      changedFiles++;
      const name = relativePosix(root, file);
      if (args.diff) diff += createTwoFilesPatch(`a/${name}`, `b/${name}`, source.text, fix.output, undefined, undefined, { context: 3 });
      else await writeAtomically(file, (source.bom ? '\uFEFF' : '') + fix.output);
    }
  } finally {
    parser.delete();
  }

  if (args.diff) io.out(diff);
  const verb = args.diff ? 'Would fix' : 'Fixed';
  io.err(`${verb} ${fixedImports} deprecated import${fixedImports === 1 ? '' : 's'} in ${changedFiles} file${changedFiles === 1 ? '' : 's'}.`);
  if (remaining.findings.length > 0 || remaining.skipped.length > 0) io.err(`Left without a fix:\n${formatText(remaining).trimEnd()}`);
  if (args.diff && changedFiles > 0) return EXIT_FINDINGS;
  return remaining.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** Replaces the file in one step (never half-written), keeping its permissions. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const { mode } = await stat(file);
  const temporary = `${file}.ssot-imports-${process.pid}.tmp`;
  await writeFile(temporary, content, 'utf8');
  await chmod(temporary, mode);
  await rename(temporary, file);
}
