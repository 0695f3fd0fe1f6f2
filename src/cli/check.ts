/** `ssot-imports check`: the workspace's deprecated imports, in the requested format. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkSource, type CheckContext } from '../engine/check';
import { createPythonParser } from '../engine/python/parser';
import { findProjectRoot, loadProject, REGISTRY_FILE } from '../engine/project';
import type { ConfigProblem } from '../engine/registry/parse';
import { discoverPythonFiles } from '../engine/workspace/discover';
import { readSource } from '../engine/workspace/readSource';
import type { CheckArgs } from './args';
import { format } from './format';
import { relativePosix, toReportFinding, type Report } from './report';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export async function runCheck(args: CheckArgs, cwd: string, io: Output): Promise<number> {
  const paths = (args.paths.length > 0 ? args.paths : ['.']).map((p) => resolve(cwd, p));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    io.err(missing.map((p) => `error: ${p}: no such file or folder`).join('\n'));
    return EXIT_ERROR;
  }

  const config = args.config !== undefined ? resolve(cwd, args.config) : undefined;
  const root = args.root !== undefined ? resolve(cwd, args.root) : config !== undefined ? resolve(config, '..') : await findProjectRoot(paths[0]!);
  if (root === undefined) {
    io.err(`error: no SSOT registry found in ${paths[0]} or any folder above it: create ${REGISTRY_FILE} at the workspace root (or add [[tool.ssot-imports.rule]] tables to pyproject.toml), or pass --config FILE`);
    return EXIT_ERROR;
  }

  const project = await loadProject(root, { ...(config ? { registryFile: config } : {}), extraSourceRoots: args.sourceRoots });
  printProblems(project.problems, cwd, io);
  if (project.problems.some((p) => p.severity === 'error')) return EXIT_ERROR;
  if (!project.registry) {
    io.err(`error: no SSOT registry found at ${root}: create ${REGISTRY_FILE} or pass --config FILE`);
    return EXIT_ERROR;
  }

  const ctx: CheckContext = { registry: project.registry, sourceRoots: project.sourceRoots };
  const report: Report = { root, findings: [], skipped: [], filesChecked: 0 };
  const parser = await createPythonParser();
  try {
    const onUnreadable = (file: string, reason: string) => report.skipped.push({ file: relativePosix(root, file), reason });
    for (const file of await discoverPythonFiles(root, paths, { onUnreadable })) {
      const source = await readSource(file);
      if (!source.ok) {
        report.skipped.push({ file: relativePosix(root, file), reason: source.reason });
        continue;
      }
      report.filesChecked++;
      for (const finding of checkSource(parser, source.text, file, ctx)) report.findings.push(toReportFinding(root, file, source.text, finding));
    }
  } finally {
    parser.delete();
  }
  io.out(format(report, args.format));
  return report.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

function printProblems(problems: readonly ConfigProblem[], cwd: string, io: Output): void {
  for (const p of problems) io.err(`${relativePosix(cwd, p.file)}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
}
