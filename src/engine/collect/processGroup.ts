/**
 * Runs a command as the leader of its own process group and, on timeout or cancel, kills the whole
 * group (SIGTERM, then SIGKILL after a grace period): a conftest.py may start processes of its own,
 * and killing only pytest would leave them running. Output is captured up to a bound.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { untilExit } from './exitCleanup';

export interface GroupRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  killGraceMs: number;
  /** Bytes kept of stdout and of stderr each; the rest is read and dropped. */
  maxOutputBytes: number;
}

export interface GroupRun {
  /** exit: the command ended by itself; timeout / cancelled: we killed its group. */
  ended: 'exit' | 'timeout' | 'cancelled';
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The command could not be started (ENOENT, EACCES…). */
  spawnError?: NodeJS.ErrnoException;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** How long to wait for stdout/stderr to close after the group is gone (a process outside it may hold them). */
const DRAIN_MS = 200;
const POLL_MS = 25;

export function runInProcessGroup(command: string, args: readonly string[], options: GroupRunOptions): Promise<GroupRun> {
  const start = performance.now();
  const stdout = new BoundedText(options.maxOutputBytes);
  const stderr = new BoundedText(options.maxOutputBytes);
  const result = (ended: GroupRun['ended'], code: number | null, signal: NodeJS.Signals | null, spawnError?: NodeJS.ErrnoException): GroupRun => ({
    ended,
    code,
    signal,
    ...(spawnError ? { spawnError } : {}),
    stdout: stdout.text(),
    stderr: stderr.text(),
    elapsedMs: performance.now() - start,
  });
  if (options.signal?.aborted) return Promise.resolve(result('cancelled', null, null));

  return new Promise((resolvePromise) => {
    let child: ChildProcess;
    try {
      child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (e) {
      resolvePromise(result('exit', null, null, e as NodeJS.ErrnoException));
      return;
    }
    // if this process ends first, the group must not outlive it
    const forget = child.pid !== undefined ? untilExit(() => killGroup(child.pid!, 'SIGKILL')) : () => undefined;
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

    let ended: GroupRun['ended'] = 'exit';
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const stop = (why: 'timeout' | 'cancelled') => {
      if (ended !== 'exit' || child.pid === undefined) return;
      ended = why;
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), options.killGraceMs);
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const settle = async (code: number | null, signal: NodeJS.Signals | null, spawnError?: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // The leader is gone; whatever it started in its group goes too, so nothing outlives a run.
      if (child.pid !== undefined && !spawnError) await sweepGroup(child.pid, options.killGraceMs);
      clearTimeout(killTimer);
      forget();
      await drain(child);
      resolvePromise(result(ended, code, signal, spawnError));
    };
    child.once('error', (e: NodeJS.ErrnoException) => void settle(null, null, e));
    child.once('exit', (code, signal) => void settle(code, signal));
  });
}

/** Terminates what is left of the group: SIGTERM, then SIGKILL after the grace period. */
async function sweepGroup(pgid: number, graceMs: number): Promise<void> {
  if (!groupAlive(pgid)) return;
  killGroup(pgid, 'SIGTERM');
  if (await waitUntilGone(pgid, graceMs)) return;
  killGroup(pgid, 'SIGKILL');
  await waitUntilGone(pgid, 2000);
}

async function waitUntilGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (groupAlive(pgid)) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return true;
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    // No process groups: taskkill walks the tree.
    spawnSync('taskkill', ['/pid', String(pgid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return;
  }
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already empty
  }
}

/**
 * Whether a live (non-zombie) process is left in the group. kill(0) also counts zombies, which a
 * container's PID 1 may never reap, so on Linux /proc decides.
 */
function groupAlive(pgid: number): boolean {
  if (process.platform === 'win32') return false;
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp …"; comm may contain spaces and parentheses
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

async function drain(child: ChildProcess): Promise<void> {
  const streams = [child.stdout, child.stderr].filter((s) => s !== null && !s.closed);
  if (streams.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(streams.map((s) => new Promise((r) => s!.once('close', r)))),
    new Promise((r) => (timer = setTimeout(r, DRAIN_MS))),
  ]);
  clearTimeout(timer);
  for (const s of streams) s!.destroy();
}

/** The first `max` bytes of a stream, and how much was dropped. */
class BoundedText {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    const room = this.max - this.kept;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.chunks.push(part);
      this.kept += part.length;
    }
    this.dropped += Math.max(0, chunk.length - Math.max(0, room));
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped > 0 ? `${text}\n… (${this.dropped} more bytes not kept)` : text;
  }
}
