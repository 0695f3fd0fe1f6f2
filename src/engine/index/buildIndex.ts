/**
 * Builds a workspace's module index: discovers its Python files, reuses the cached summary of
 * every file whose size and mtime (or, failing those, content hash) are unchanged, parses the
 * rest in worker threads, and saves the cache for next time.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { moduleOfFile } from '../modules';
import { createPythonParser, type PythonParser } from '../python/parser';
import { discoverPythonFiles } from '../workspace/discover';
import { describeFsError } from '../workspace/readSource';
import { loadIndexCache, saveIndexCache, type CacheEntry } from './cache';
import { ModuleIndex } from './moduleIndex';
import { summarizeFiles, summarizeSource, type FileSummary, type SummarizeResult } from './summary';
import { addUnparsedModules } from './unparsedModules';
import { defaultWorkerCount, summarizeInWorkers, type ParseJob } from './workerPool';

export interface BuildIndexOptions {
  /** The workspace root: discovery starts here, and the cache is kept per root. */
  root: string;
  /** Absolute source roots (Project.sourceRoots); roots outside `root` are discovered too. */
  sourceRoots: readonly string[];
  /** Index exactly these files instead of discovering them. */
  files?: readonly string[];
  /** Read and write the persisted cache (default true; the CLI's `--no-cache` passes false). */
  cache?: boolean;
  /** Cache folder; default cacheDirectory() (`$SSOT_IMPORTS_CACHE_DIR`, XDG, ~/.cache). */
  cacheDir?: string;
  signal?: AbortSignal;
  /** Called as files are done (from the cache or parsed), with the number of files to index. */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads for parsing; 0 parses in-thread. Default: one per core (at most 4), in-thread for few files. */
  workers?: number;
}

export interface BuildStats {
  /** Files indexed or attempted (discovered files inside a source root). */
  files: number;
  /** Files parsed in this build. */
  parsed: number;
  /** Files whose summary came from the cache (unchanged size and mtime, or unchanged content). */
  fromCache: number;
  /** Of `fromCache`: files read and hashed because their mtime changed (or was too recent to trust), content unchanged. */
  rehashed: number;
  /** Files that could not be read or parsed: left out of the index. */
  skipped: { file: string; reason: string }[];
  /** Worker threads used (0: all in-thread). */
  workers: number;
  ms: number;
}

/** Below this many files to parse, starting workers costs more than it saves. */
const IN_THREAD_BELOW = 64;
/**
 * An mtime this close to the cache's write time may hide a later same-size edit within the file
 * system's timestamp granularity (git's "racily clean" entries): check its hash instead.
 */
const RACY_MS = 2000;
/** Concurrent stat calls: libuv's pool does 4 at a time anyway; this bounds the promises in hand. */
const STAT_CONCURRENCY = 64;

export async function buildIndex(options: BuildIndexOptions): Promise<{ index: ModuleIndex; stats: BuildStats }> {
  const started = performance.now();
  const { signal, onProgress } = options;
  const root = resolve(options.root);
  const sourceRoots = [...options.sourceRoots];
  const skipped: BuildStats['skipped'] = [];
  const skip = (file: string, reason: string) => skipped.push({ file, reason });

  const discovered = options.files
    ? [...new Set(options.files.map((f) => resolve(root, f)))]
    : await discoverPythonFiles(root, discoveryPaths(root, sourceRoots), { onUnreadable: skip });
  signal?.throwIfAborted();
  const files = discovered.filter((f) => moduleOfFile(f, sourceRoots) !== undefined);

  const useCache = options.cache !== false;
  const cached = useCache ? await loadIndexCache(root, sourceRoots, options.cacheDir) : { entries: new Map<string, CacheEntry>(), writtenAt: 0 };
  const index = new ModuleIndex(sourceRoots);
  const fresh = new Map<string, CacheEntry>();
  let done = 0;
  let fromCache = 0;
  const progress = () => onProgress?.(++done, files.length);

  // 1. stat every file: unchanged ones come straight from the cache
  const jobs: ParseJob[] = [];
  const stats = new Map<string, { size: number; mtimeMs: number }>();
  for (let i = 0; i < files.length; i += STAT_CONCURRENCY) {
    signal?.throwIfAborted();
    const chunk = files.slice(i, i + STAT_CONCURRENCY);
    const results = await Promise.all(chunk.map((f) => stat(f).then((s) => s, (err: unknown) => describeFsError(err))));
    chunk.forEach((file, j) => {
      const s = results[j]!;
      if (typeof s === 'string') {
        skip(file, s);
        progress();
        return;
      }
      stats.set(file, { size: s.size, mtimeMs: s.mtimeMs });
      const entry = cached.entries.get(file);
      if (entry && entry.size === s.size && entry.mtimeMs === s.mtimeMs && entry.mtimeMs < cached.writtenAt - RACY_MS) {
        index.set(file, entry.summary);
        fresh.set(file, entry);
        fromCache++;
        progress();
      } else {
        // same size: the content may be unchanged (a touch, a checkout): compare hashes before parsing
        jobs.push(entry && entry.size === s.size ? { file, expectHash: entry.hash } : { file });
      }
    });
  }

  // 2. read and summarise the rest
  let parsed = 0;
  let rehashed = 0;
  const accept = (result: SummarizeResult) => {
    progress();
    if (!result.ok) {
      skip(result.file, result.reason);
      return;
    }
    const { size, mtimeMs } = stats.get(result.file)!;
    if ('unchanged' in result) {
      const summary = cached.entries.get(result.file)!.summary;
      index.set(result.file, summary);
      fresh.set(result.file, { size, mtimeMs, hash: result.hash, summary });
      fromCache++;
      rehashed++;
      return;
    }
    parsed++;
    if (!result.summary) return;
    index.set(result.file, result.summary);
    fresh.set(result.file, { size, mtimeMs, hash: result.hash, summary: result.summary });
  };
  const workers = options.workers ?? (jobs.length < IN_THREAD_BELOW ? 0 : defaultWorkerCount());
  let inThread = jobs;
  let usedWorkers = 0;
  if (workers > 0 && jobs.length > 0) {
    const outcome = await summarizeInWorkers(jobs, { sourceRoots, workers, ...(signal ? { signal } : {}), onResult: accept });
    inThread = outcome.leftover;
    usedWorkers = outcome.workers;
  }
  if (inThread.length > 0) {
    const parser = await createPythonParser();
    try {
      await summarizeFiles(parser, inThread, sourceRoots, accept, () => signal?.aborted === true);
    } finally {
      parser.delete();
    }
    signal?.throwIfAborted();
  }

  // 3. what else is importable beside the indexed files, then the cache for next time
  await addUnparsedModules(index);
  signal?.throwIfAborted();
  // any job (new, changed, touched or racy file) or a file gone makes the stored cache stale
  if (useCache && (jobs.length > 0 || fresh.size !== cached.entries.size)) await saveIndexCache(root, sourceRoots, fresh, options.cacheDir);

  return { index, stats: { files: files.length, parsed, fromCache, rehashed, skipped, workers: usedWorkers, ms: performance.now() - started } };
}

/** The root itself, plus source roots that lie outside it (`../shared/src`). */
function discoveryPaths(root: string, sourceRoots: readonly string[]): string[] {
  const outside = sourceRoots.filter((r) => {
    const rel = relative(root, r);
    return rel.startsWith('..') || isAbsolute(rel);
  });
  return outside.length > 0 ? [root, ...outside] : [];
}

let sharedParser: Promise<PythonParser> | undefined;

/**
 * Re-summarises one file from its current text (a file event or an edited document) and updates
 * the index; parses in-thread. A file outside every source root is removed from the index.
 */
export async function updateFile(index: ModuleIndex, file: string, text: string, parser?: PythonParser): Promise<FileSummary | undefined> {
  const p = parser ?? (await (sharedParser ??= createPythonParser()));
  const summary = summarizeSource(p, text, file, index.sourceRoots);
  if (summary) index.set(file, summary);
  else index.delete(file);
  return summary;
}
