// Our whole-workspace check, timed as a user runs it: `node dist/cli.js check --format json DIR`
// as a child process (start-up included). Flags that other work is still adding (--no-cache,
// the index) are used only when `--help` lists them; otherwise their measurements are n/a.
// Each run gets its cache folder through SSOT_IMPORTS_CACHE_DIR (the index cache's setting):
// an empty one for a cold run, a kept one for warm runs; never the user's ~/.cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './generateMonorepo.mjs';
import { round } from './stats.mjs';

export const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const TIME = '/usr/bin/time'; // GNU time reports the child's peak RSS (%M, in KiB)
const ATTEMPTS = 3;

/** What this build of the CLI can do, read from its --help. */
export function cliFeatures() {
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  const text = `${help.stdout}\n${help.stderr}`;
  return {
    noCache: /--no-cache\b/.test(text),
    cacheDir: /--cache-dir\b/.test(text),
    noIndex: /--no-index\b/.test(text),
    // `--select SSOT001,SSOT004` checks the registry alone, without building the index
    select: /--select\b/.test(text),
    // the index reports SSOT002/SSOT003; its help is expected to name them or the index
    index: /SSOT00[23]|\bindex\b/i.test(text),
  };
}

/**
 * One timed `check` run. Retries when the CLI fails in a way a concurrent `npm run build` causes
 * (dist/ missing or half written): exit status other than 0 (clean) or 1 (findings), or no JSON.
 */
export async function timedCheck(dir, extraArgs, cacheDir) {
  let last;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    last = runOnce(dir, extraArgs, cacheDir);
    if (last.ok) return last;
    await sleep(5000);
  }
  throw new Error(`ssot-imports check ${extraArgs.join(' ')} failed ${ATTEMPTS} times: ${last.error}`);
}

function runOnce(dir, extraArgs, cacheDir) {
  const args = [CLI, 'check', '--format', 'json', ...extraArgs, dir];
  const scratch = mkdtempSync(join(tmpdir(), 'ssot-bench-'));
  const timeFile = join(scratch, 'time');
  const useTime = existsSync(TIME);
  const options = { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, SSOT_IMPORTS_CACHE_DIR: cacheDir } };
  const start = performance.now();
  const child = useTime ? spawnSync(TIME, ['-f', '%M', '-o', timeFile, process.execPath, ...args], options) : spawnSync(process.execPath, args, options);
  const seconds = (performance.now() - start) / 1000;
  const peakKb = useTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : NaN;
  rmSync(scratch, { recursive: true, force: true });
  if (child.status !== 0 && child.status !== 1) return { ok: false, error: `exit ${child.status}: ${child.stderr.slice(-2000)}` };
  let report;
  try {
    report = JSON.parse(child.stdout);
  } catch (e) {
    return { ok: false, error: `no JSON output (${e.message}): ${child.stderr.slice(-2000)}` };
  }
  return { ok: true, seconds: round(seconds, 2), peakRssMB: Number.isFinite(peakKb) ? round((peakKb * 1024) / 1e6, 0) : null, args: extraArgs, ...countFindings(report) };
}

function countFindings(report) {
  const byCode = {};
  const files = new Set();
  const filesByCode = {};
  for (const f of report.findings) {
    byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    files.add(f.file);
    (filesByCode[f.code] ??= new Set()).add(f.file);
  }
  return {
    findings: report.findings.length,
    byCode,
    filesWithFindings: files.size,
    filesByCode: Object.fromEntries(Object.entries(filesByCode).map(([code, set]) => [code, set.size])),
    skipped: report.skipped?.length ?? 0,
  };
}
