/** Runs the built CLI (dist/cli.js) as a real process, with its index cache in a temporary folder. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

/** Where every CLI run of this test process keeps its cache unless told otherwise: never ~/.cache. */
export const TEST_CACHE_DIR = mkdtempSync(join(tmpdir(), 'ssot-cli-cache-'));
process.once('exit', () => rmSync(TEST_CACHE_DIR, { recursive: true, force: true }));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, { cacheDir = TEST_CACHE_DIR, maxBuffer = 64 * 1024 * 1024 }: { cacheDir?: string; maxBuffer?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer, env: { ...process.env, SSOT_IMPORTS_CACHE_DIR: cacheDir } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
