/**
 * Reads and parses files in worker threads: tree-sitter parsing is the whole cost of a cold
 * index or check (shared/notes/toolchain.md: 2 threads halve it). Each worker owns one parser and
 * holds one tree at a time; only the small facts of each file come back.
 *
 * A worker that fails (cannot start, crashes on a file) is dropped and its files are handed back
 * to the caller, which summarises them in-thread: a worker problem never loses a file.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MatchFilter } from '../check';
import type { SummarizeJob, SummarizeResult } from './summary';

export type ParseJob = SummarizeJob;

export interface WorkerInit {
  sourceRoots: readonly string[];
  /** Parse only the files whose text can match (see SummarizeOptions). */
  prefilter?: MatchFilter;
  /** See SummarizeOptions. */
  registryOnly?: boolean;
}

export interface WorkerRequest {
  id: number;
  jobs: ParseJob[];
}

export interface WorkerResponse {
  id: number;
  results: SummarizeResult[];
}

/** Files per message: few enough to spread the work evenly, enough to make messaging negligible. */
const BATCH = 16;
/** Batches sent to a worker ahead of its replies, so it never waits for the main thread. */
const AHEAD = 2;
/**
 * A small young generation: a worker's garbage is one file's text and facts at a time, and V8's
 * default (tens of MB per thread) is most of what a worker adds to the process's memory.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };
/** Worker threads beyond this cost memory (a wasm heap each) for little gain. */
const MAX_WORKERS = 4;

/** One worker per core (the main thread only stats files and collects results), at most MAX_WORKERS. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(MAX_WORKERS, availableParallelism()));
}

/**
 * The worker's script: `indexWorker.js` beside the bundle (scripts/build.mjs), else the
 * TypeScript source run through tsx (tests). Undefined when neither is there.
 */
export function workerScript(): { file: string; execArgv: string[] } | undefined {
  const bundled = join(__dirname, 'indexWorker.js');
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  const source = join(__dirname, 'worker.ts');
  if (!existsSync(source)) return undefined;
  try {
    const tsx = 'tsx/cjs'; // a variable: bundlers must not try to resolve it
    return { file: source, execArgv: ['--require', require.resolve(tsx)] };
  } catch {
    return undefined;
  }
}

export interface PoolOptions {
  sourceRoots: readonly string[];
  prefilter?: MatchFilter;
  registryOnly?: boolean;
  workers: number;
  signal?: AbortSignal;
  onResult: (result: SummarizeResult) => void;
}

export interface PoolOutcome {
  /** Jobs no worker could do (a worker failed to start or crashed): to be done in-thread. */
  leftover: ParseJob[];
  /** Workers that ran to the end. */
  workers: number;
}

/**
 * Runs `jobs` in `workers` threads, reporting each result as it arrives. Rejects with the
 * signal's reason when aborted, after terminating the workers.
 */
export function summarizeInWorkers(jobs: readonly ParseJob[], { sourceRoots, prefilter, registryOnly, workers: count, signal, onResult }: PoolOptions): Promise<PoolOutcome> {
  const script = workerScript();
  if (!script || jobs.length === 0) return Promise.resolve({ leftover: [...jobs], workers: 0 });
  signal?.throwIfAborted();

  const queue: ParseJob[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH) queue.push(jobs.slice(i, i + BATCH));
  const leftover: ParseJob[] = [];
  const inFlight = new Map<Worker, Map<number, ParseJob[]>>();
  let nextId = 0;
  let dropped = 0;
  const workers = Math.max(1, Math.min(count, queue.length));

  return new Promise<PoolOutcome>((resolvePool, rejectPool) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      const all = [...inFlight.keys()];
      inFlight.clear();
      // terminate() also stops a worker in the middle of a parse
      void Promise.all(all.map((w) => w.terminate())).finally(() => (error !== undefined ? rejectPool(error) : resolvePool({ leftover, workers: workers - dropped })));
    };
    const onAbort = () => finish(abortError(signal));
    signal?.addEventListener('abort', onAbort, { once: true });

    const feed = (worker: Worker) => {
      const pending = inFlight.get(worker);
      if (!pending) return;
      while (pending.size < AHEAD && queue.length > 0) {
        const batch = queue.shift()!;
        const id = nextId++;
        pending.set(id, batch);
        worker.postMessage({ id, jobs: batch } satisfies WorkerRequest);
      }
      if (queue.length === 0 && [...inFlight.values()].every((p) => p.size === 0)) finish();
    };
    const drop = (worker: Worker) => {
      const pending = inFlight.get(worker);
      if (!pending) return;
      inFlight.delete(worker);
      dropped++;
      for (const batch of pending.values()) leftover.push(...batch);
      void worker.terminate();
      if (inFlight.size === 0) {
        // no worker left: the rest is done in-thread too
        for (const batch of queue.splice(0)) leftover.push(...batch);
        finish();
      } else {
        for (const w of inFlight.keys()) feed(w);
      }
    };

    for (let i = 0; i < workers; i++) {
      const worker = new Worker(script.file, { execArgv: script.execArgv, resourceLimits: WORKER_LIMITS, workerData: { sourceRoots: [...sourceRoots], ...(prefilter ? { prefilter } : {}), ...(registryOnly ? { registryOnly } : {}) } satisfies WorkerInit });
      inFlight.set(worker, new Map());
      worker.on('message', (message: WorkerResponse) => {
        const pending = inFlight.get(worker);
        if (settled || !pending) return;
        pending.delete(message.id);
        for (const result of message.results) onResult(result);
        feed(worker);
      });
      worker.on('error', () => drop(worker));
      worker.on('exit', () => drop(worker));
      feed(worker);
    }
  });
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException(typeof reason === 'string' ? reason : 'This operation was aborted', 'AbortError');
}
