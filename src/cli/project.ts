/** The CLI's view of a workspace: its root, registry and the paths to work on. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findProjectRoot, loadProject, REGISTRY_FILE } from '../engine/project';
import type { Registry } from '../engine/registry/registry';
import type { CommonArgs } from './args';
import { relativePosix } from './report';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export interface CliProject {
  root: string;
  registry: Registry;
  sourceRoots: string[];
  /** Absolute paths to work on. */
  paths: string[];
}

/** Loads the workspace for a command, or prints why it cannot and returns the exit code. */
export async function openProject(args: CommonArgs, cwd: string, io: Output): Promise<CliProject | number> {
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
  for (const p of project.problems) io.err(`${relativePosix(cwd, p.file)}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
  if (project.problems.some((p) => p.severity === 'error')) return EXIT_ERROR;
  if (!project.registry) {
    io.err(`error: no SSOT registry found at ${root}: create ${REGISTRY_FILE} or pass --config FILE`);
    return EXIT_ERROR;
  }
  return { root, registry: project.registry, sourceRoots: project.sourceRoots, paths };
}
