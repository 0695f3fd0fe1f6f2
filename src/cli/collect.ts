/** `ssot-imports collect`: what pytest collects from test files or folders, and every collection error. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { findRootdir, runCollection, type CollectResult } from '../engine/collect';
import type { CollectArgs } from './args';
import { collectJson, collectText } from './collectReport';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, type Output } from './project';

/** Ctrl-C: pytest runs in its own process group, which the terminal's SIGINT does not reach. */
const EXIT_INTERRUPTED = 130;

export async function runCollect(args: CollectArgs, cwd: string, io: Output): Promise<number> {
  const paths = args.paths.map((p) => resolve(cwd, p));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    io.err(missing.map((p) => `error: ${p}: no such file or folder`).join('\n'));
    return EXIT_ERROR;
  }

  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  const results: CollectResult[] = [];
  try {
    // One pytest run per rootdir: paths under different configurations cannot share one.
    for (const [rootdir, group] of groupByRootdir(paths)) {
      if (controller.signal.aborted) break;
      results.push(await runCollection({ python: args.python, paths: group, cwd: rootdir, timeoutMs: args.timeoutMs, signal: controller.signal }));
    }
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }

  if (args.format === 'json') io.out(JSON.stringify(collectJson(results), null, 2));
  else {
    const { out, err } = collectText(results, { cwd, showTree: paths.every((p) => !isFolder(p)) });
    if (out) io.out(out);
    if (err) io.err(err);
  }
  return exitCode(results);
}

function exitCode(results: CollectResult[]): number {
  if (results.some((r) => r.status === 'could-not-run' && r.reason === 'cancelled')) return EXIT_INTERRUPTED;
  if (results.some((r) => r.status === 'could-not-run')) return EXIT_ERROR;
  return results.every((r) => r.status === 'ok') ? EXIT_CLEAN : EXIT_FINDINGS;
}

function groupByRootdir(paths: string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const { rootdir } = findRootdir(path);
    groups.set(rootdir, [...(groups.get(rootdir) ?? []), path]);
  }
  return groups;
}

function isFolder(path: string): boolean {
  return statSync(path).isDirectory();
}
