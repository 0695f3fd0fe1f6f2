/** Shared by the collection tests: the interpreters to run them with, fixtures, process checks. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import type { Collected, CollectResult } from '../../src/engine/collect';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'collect');
export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface Interpreter {
  python: string;
  /** pytest's version, or undefined when this interpreter has none. */
  pytest: string | undefined;
  executable: string;
}

/**
 * Every distinct python3 on this machine that has pytest, plus /usr/bin/python3 always (CI
 * installs python3-pytest; without it the suite must fail, not skip).
 */
export function interpreters(): Interpreter[] {
  const found = new Map<string, Interpreter>();
  const candidates = [SYSTEM_PYTHON, ...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'python3'))];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import os, sys; print(os.path.realpath(sys.executable))\ntry:\n import pytest; print(pytest.__version__)\nexcept ImportError: print("")'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const [executable = python, version = ''] = probe.stdout.trim().split('\n');
    if (found.has(executable)) continue;
    if (python !== SYSTEM_PYTHON && !version) continue;
    found.set(executable, { python, pytest: version || undefined, executable });
  }
  if (![...found.values()].some((i) => i.python === SYSTEM_PYTHON)) found.set(SYSTEM_PYTHON, { python: SYSTEM_PYTHON, pytest: undefined, executable: SYSTEM_PYTHON });
  return [...found.values()];
}

export function majorVersion(i: Interpreter): number {
  return Number(i.pytest?.split('.')[0] ?? 0);
}

/** Live (non-zombie) processes whose environment holds `marker`. */
export function processesWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/** Every path under `dir` with its size and mtime, to prove a run wrote nothing there. */
export function snapshot(dir: string): string[] {
  const entries: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const s = statSync(path);
      entries.push(`${relative(dir, path)} ${s.isDirectory() ? 'dir' : `${s.size} ${s.mtimeMs}`}`);
      if (s.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return entries.sort();
}

/** The result as collected, failing the test with pytest's reason when it could not run. */
export function collected(result: CollectResult): Collected {
  assert.notEqual(result.status, 'could-not-run', result.message);
  return result as Collected;
}
