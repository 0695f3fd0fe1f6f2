/**
 * `ssot-imports check`: the workspace's deprecated imports (SSOT001, SSOT004: the registry) and
 * broken ones (SSOT002, SSOT003: the workspace index), in the requested format.
 */
import { byPosition } from '../engine/check';
import type { CheckArgs } from './args';
import { format } from './format';
import { progressLine } from './progress';
import { EXIT_CLEAN, EXIT_FINDINGS, openProject, type Output } from './project';
import { relativePosix, toReportFinding, type EngineFinding, type Report } from './report';
import { findingsOf, moduleOf, reportedFiles, scanWorkspace, textOf } from './workspace';

export async function runCheck(args: CheckArgs, cwd: string, io: Output): Promise<number> {
  const project = await openProject(args, cwd, io);
  if (typeof project === 'number') return project;
  const { root } = project;
  const report: Report = { root, findings: [], skipped: [], filesChecked: 0, codes: args.select };
  const progress = progressLine();
  let workspace;
  try {
    workspace = await scanWorkspace(project, {
      codes: args.select,
      cache: args.cache,
      onUnreadable: (file, reason) => report.skipped.push({ file: relativePosix(root, file), reason }),
      ...(progress ? { onProgress: progress.update } : {}),
    });
  } finally {
    progress?.end();
  }

  for await (const { file, facts } of reportedFiles(workspace, report, project.sourceRoots)) {
    const { registry, broken } = findingsOf(facts, moduleOf(file, project), project, args.select, workspace.index);
    const findings: EngineFinding[] = [...registry, ...broken].sort(byPosition);
    if (findings.length === 0) continue;
    // columns are counted in code points: only a file with characters beyond the BMP needs its text for that
    const text = facts.astral ? await textOf(file) : undefined;
    for (const finding of findings) report.findings.push(toReportFinding(root, file, text, finding));
  }
  io.out(format(report, args.format));
  return report.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}
