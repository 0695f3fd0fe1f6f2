/**
 * `ssot-imports check`: the workspace's deprecated imports (SSOT001, SSOT004: the registry) and
 * broken ones (SSOT002, SSOT003: the workspace index), in the requested format.
 */
import { byPosition } from '../engine/check';
import { loadIndexCache } from '../engine/index/cache';
import type { CheckArgs } from './args';
import { format } from './format';
import { progressLine } from './progress';
import { EXIT_CLEAN, EXIT_FINDINGS, openProject, type Output } from './project';
import { relativePosix, toReportFinding, type EngineFinding, type Report } from './report';
import { Listings, loadResults, replayResults, resultKey, saveResults } from './resultCache';
import { discoverWorkspace, findingsOf, moduleOf, reportedFiles, scanWorkspace, textOf } from './workspace';

export async function runCheck(args: CheckArgs, cwd: string, io: Output): Promise<number> {
  const project = await openProject(args, cwd, io);
  if (typeof project === 'number') return project;
  const { root } = project;
  const report: Report = { root, findings: [], skipped: [], filesChecked: 0, codes: args.select };
  const startedAt = Date.now();
  const key = resultKey(project, args.select);
  const saved = args.cache ? loadResults(root, args.select, key) : undefined;
  // with no saved report to replay, loading the index cache overlaps discovery
  const preloaded = saved?.then((s) => (s ? undefined : loadIndexCache(root, project.sourceRoots)));
  const listings = new Listings();
  const request = {
    codes: args.select,
    cache: args.cache,
    onUnreadable: (file: string, reason: string) => report.skipped.push({ file: relativePosix(root, file), reason }),
    onListing: listings.record,
  };
  const discovered = await discoverWorkspace(project, request);
  const run = { root, files: discovered.files, scanned: discovered.scanned, listings };
  const previous = await saved;
  if (previous && (await replayResults(previous, run, report))) return finish(report);

  const discoveredFolders = listings.folders();
  const fromDiscovery = report.skipped.length;
  const progress = progressLine();
  let workspace;
  try {
    const loaded = await preloaded;
    workspace = await scanWorkspace(project, { ...request, ...(loaded ? { preloaded: Promise.resolve(loaded) } : {}), ...(progress ? { onProgress: progress.update } : {}) }, discovered);
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
  if (args.cache) {
    const skipped = report.skipped.slice(fromDiscovery);
    await saveResults({ ...run, key, codes: args.select, startedAt, discoveredFolders, stamps: workspace.stamps, findings: report.findings, skipped });
  }
  return finish(report);

  function finish(done: Report): number {
    io.out(format(done, args.format));
    return done.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
  }
}
