/** `ssot-imports check`: the workspace's deprecated imports, in the requested format. */
import { checkSource } from '../engine/check';
import { createPythonParser } from '../engine/python/parser';
import type { CheckArgs } from './args';
import { format } from './format';
import { EXIT_CLEAN, EXIT_FINDINGS, openProject, sources, type Output } from './project';
import { toReportFinding, type Report } from './report';

export async function runCheck(args: CheckArgs, cwd: string, io: Output): Promise<number> {
  const project = await openProject(args, cwd, io);
  if (typeof project === 'number') return project;
  const { root } = project;
  const report: Report = { root, findings: [], skipped: [], filesChecked: 0 };
  const parser = await createPythonParser();
  try {
    for await (const { file, text } of sources(project, report)) {
      for (const finding of checkSource(parser, text, file, project)) report.findings.push(toReportFinding(root, file, text, finding));
    }
  } finally {
    parser.delete();
  }
  io.out(format(report, args.format));
  return report.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}
