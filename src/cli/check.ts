/** `ssot-imports check`: the workspace's deprecated imports, in the requested format. */
import { checkSource } from '../engine/check';
import { createPythonParser } from '../engine/python/parser';
import { discoverPythonFiles } from '../engine/workspace/discover';
import { readSource } from '../engine/workspace/readSource';
import type { CheckArgs } from './args';
import { format } from './format';
import { EXIT_CLEAN, EXIT_FINDINGS, openProject, type Output } from './project';
import { relativePosix, toReportFinding, type Report } from './report';

export async function runCheck(args: CheckArgs, cwd: string, io: Output): Promise<number> {
  const project = await openProject(args, cwd, io);
  if (typeof project === 'number') return project;
  const { root } = project;
  const report: Report = { root, findings: [], skipped: [], filesChecked: 0 };
  const parser = await createPythonParser();
  try {
    const onUnreadable = (file: string, reason: string) => report.skipped.push({ file: relativePosix(root, file), reason });
    for (const file of await discoverPythonFiles(root, project.paths, { onUnreadable })) {
      const source = await readSource(file);
      if (!source.ok) {
        report.skipped.push({ file: relativePosix(root, file), reason: source.reason });
        continue;
      }
      report.filesChecked++;
      for (const finding of checkSource(parser, source.text, file, project)) report.findings.push(toReportFinding(root, file, source.text, finding));
    }
  } finally {
    parser.delete();
  }
  io.out(format(report, args.format));
  return report.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}
