/**
 * Ending what a run started, and nothing else: a process group we spawned, and any process that
 * carries the run's unique temp folder in its command line or environment (Chromium's helpers,
 * VS Code's extension host and our language server all do). Linux (/proc); elsewhere only the
 * process group is signalled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

function readProc(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return '';
  }
}

/** Live (not zombie) processes matching `test`, excluding this one. */
function findProcesses(test: (pid: string) => boolean): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return [];
  }
  return pids
    .filter((pid) => {
      const stat = readProc(pid, 'stat');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      return state !== undefined && state !== '' && state !== 'Z' && test(pid);
    })
    .map(Number);
}

function groupOf(pid: string): number {
  const stat = readProc(pid, 'stat');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** Processes of this run: in process group `pgid` or mentioning `marker` (a unique temp path). */
export function processesOfRun(marker: string, pgid?: number): number[] {
  return findProcesses(
    (pid) => (pgid !== undefined && groupOf(pid) === pgid) || readProc(pid, 'cmdline').includes(marker) || readProc(pid, 'environ').includes(marker),
  );
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * SIGTERM the process group `pgid` and every process of the run, wait up to `graceMs`, then
 * SIGKILL what is left. Returns the pids still alive afterwards (should be none).
 */
export async function endRun(marker: string, pgid?: number, graceMs = 3000): Promise<number[]> {
  if (pgid !== undefined) signal(-pgid, 'SIGTERM');
  for (const pid of processesOfRun(marker, pgid)) signal(pid, 'SIGTERM');
  for (let waited = 0; waited < graceMs && processesOfRun(marker, pgid).length > 0; waited += 100) await sleep(100);
  if (pgid !== undefined) signal(-pgid, 'SIGKILL');
  for (const pid of processesOfRun(marker, pgid)) signal(pid, 'SIGKILL');
  await sleep(200);
  return processesOfRun(marker, pgid);
}
