/**
 * Gets the facts (facts.ts) of a list of files as cheaply as it can: the cached facts of every
 * file whose size and mtime (or, failing those, content hash) are unchanged, and a parse in
 * worker threads for the rest; then saves the cache for next time. The workspace index
 * (buildIndex) and the CLI's checks both start from here, so a file is parsed at most once per
 * run, and not at all when the cache knows it.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { MatchFilter } from '../check';
import { createPythonParser } from '../python/parser';
import { describeFsError } from '../workspace/readSource';
import { CacheWriter, loadIndexCache, summaryOf, type CacheEntry, type LoadedCache, type StoredFacts } from './cache';
import { summarizeFiles, type FileSummary, type SummarizeResult } from './summary';
import { defaultWorkerCount, summarizeInWorkers, type ParseJob } from './workerPool';

export interface ScanOptions {
  /** The workspace root: the cache is kept per root. */
  root: string;
  /** Absolute source roots (module names and relative imports depend on them). */
  sourceRoots: readonly string[];
  /** Absolute paths of the files to scan. */
  files: readonly string[];
  /** Read and write the persisted cache (default true). */
  cache?: boolean;
  /** Cache folder; default cacheDirectory() (`$SSOT_IMPORTS_CACHE_DIR`, XDG, ~/.cache). */
  cacheDir?: string;
  signal?: AbortSignal;
  /** Called as files are done (from the cache, read or parsed), with the number of files. */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads for parsing; 0 parses in-thread. Default: one per core (at most 4), in-thread for few files. */
  workers?: number;
  /**
   * Parse only files whose text can match this registry (mayMatch); the others are read and get
   * no facts. Cached facts are used whatever the filter says.
   */
  prefilter?: MatchFilter;
  /**
   * Cached entries of files outside `files` for which this returns true stay in the cache when it
   * is written (a run over part of the workspace keeps the rest); by default the cache written
   * holds exactly the files scanned.
   */
  retain?: (file: string) => boolean;
  /** The cache, already being loaded (loadIndexCache of the same root, source roots and folder): lets the caller overlap it with discovery. */
  preloaded?: Promise<LoadedCache>;
  /**
   * Keep every file's facts (default true). False keeps only the summaries: what the language
   * server's index needs, without the imports and strings of every file in memory.
   */
  keepFacts?: boolean;
}

export interface ScanStats {
  /** Files scanned. */
  files: number;
  /** Files parsed in this scan. */
  parsed: number;
  /** Files whose facts came from the cache (unchanged size and mtime, or unchanged content). */
  fromCache: number;
  /** Of `fromCache`: files read and hashed because their mtime changed (or was too recent to trust), content unchanged. */
  rehashed: number;
  /** Files read but not parsed: their text cannot match the prefilter's registry. */
  unparsed: number;
  /** Files that could not be read or parsed: they have no facts. */
  skipped: { file: string; reason: string }[];
  /** Worker threads used (0: all in-thread). */
  workers: number;
  ms: number;
}

export interface ScanResult {
  /**
   * The facts of every file scanned, except the skipped and the unparsed ones (empty with
   * `keepFacts: false`), encoded: decode each with factsOf when it is used, so that a check of
   * thousands of files never holds all their imports as objects at once.
   */
  stored: Map<string, StoredFacts>;
  /** The summary of every file scanned that has one (inside a source root, not skipped, not unparsed). */
  summaries: Map<string, FileSummary>;
  /** Every file scanned that is a regular file, as stat saw it before it was read. */
  stamps: Map<string, FileStamp>;
  stats: ScanStats;
}

/** A file's size and times as stat gave them (ms since the epoch). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  /** Changes with the content and with the mode (a file made readable again), which mtime does not. */
  ctimeMs: number;
}

/** Below this many files to parse, starting workers costs more than it saves. */
const IN_THREAD_BELOW = 64;
/**
 * An mtime this close to the cache's write time may hide a later same-size edit within the file
 * system's timestamp granularity (git's "racily clean" entries): check its hash instead.
 */
export const RACY_MS = 2000;
/** Concurrent stat calls: libuv's pool does 4 at a time anyway; this bounds the promises in hand. */
const STAT_CONCURRENCY = 64;

/** What is known of a file: its facts (with keepFacts) and summary. */
interface Known {
  stored?: StoredFacts;
  summary: FileSummary | undefined;
}

export async function scanFiles(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { signal, onProgress } = options;
  const root = resolve(options.root);
  const sourceRoots = [...options.sourceRoots];
  const files = [...new Set(options.files)];
  const skipped: ScanStats['skipped'] = [];
  const stored = new Map<string, StoredFacts>();
  const summaries = new Map<string, FileSummary>();
  const keepFacts = options.keepFacts !== false;
  /** One copy of each string of the summaries parsed (workers send each file's own copies). */
  const strings = new Map<string, string>();
  /** A cache entry's summary (and facts, with keepFacts); undefined when its summary is malformed (a corrupt cache). */
  const decode = (facts: StoredFacts): Known | undefined => {
    try {
      // the rest is decoded where it is used (a part that does not decode then means a parse)
      return { ...(keepFacts ? { stored: facts } : {}), summary: summaryOf(facts) };
    } catch {
      return undefined;
    }
  };
  const take = (file: string, known: Known) => {
    if (known.stored) stored.set(file, known.stored);
    if (known.summary) summaries.set(file, known.summary);
  };

  const useCache = options.cache !== false;
  const cached = useCache ? await (options.preloaded ?? loadIndexCache(root, sourceRoots, options.cacheDir)) : { entries: new Map<string, CacheEntry>(), writtenAt: 0 };
  const trusted = (entry: CacheEntry) => entry.mtimeMs < cached.writtenAt - RACY_MS;
  /** The cache's entries that are already in memory (from the cache itself), written with the new cache. */
  const fresh = new Map<string, CacheEntry>();
  /** The new cache, started at the first parse: the facts of parsed files go straight into it. */
  let writer: CacheWriter | undefined;
  /** Whether the cache on disk no longer says what `fresh` and `writer` say. */
  let dirty = false;
  let done = 0;
  let fromCache = 0;
  const progress = () => onProgress?.(++done, files.length);
  const skip = (file: string, reason: string) => {
    skipped.push({ file, reason });
    if (cached.entries.has(file)) dirty = true;
    progress();
  };

  // 1. stat every file: unchanged ones come straight from the cache
  const jobs: ParseJob[] = [];
  /** The decoded cache entries of the files whose hash is compared before parsing. */
  const rehashable = new Map<string, Known>();
  const stats = new Map<string, FileStamp>();
  for (let i = 0; i < files.length; i += STAT_CONCURRENCY) {
    signal?.throwIfAborted();
    const chunk = files.slice(i, i + STAT_CONCURRENCY);
    const results = await Promise.all(chunk.map((f) => stat(f).then((s) => s, (err: unknown) => describeFsError(err))));
    chunk.forEach((file, j) => {
      const s = results[j]!;
      if (typeof s === 'string') return skip(file, s);
      if (!s.isFile()) return skip(file, s.isDirectory() ? 'is a directory' : 'not a regular file');
      stats.set(file, { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs });
      const entry = cached.entries.get(file);
      const decoded = entry && entry.size === s.size ? decode(entry.stored) : undefined;
      if (entry && decoded && entry.mtimeMs === s.mtimeMs && trusted(entry)) {
        take(file, decoded);
        fresh.set(file, entry);
        fromCache++;
        progress();
      } else {
        // same size: the content may be unchanged (a touch, a checkout): compare hashes before parsing
        if (entry && decoded) rehashable.set(file, decoded);
        jobs.push(entry && decoded ? { file, expectHash: entry.hash } : { file });
      }
    });
  }

  // 2. read (and parse) the rest
  let parsed = 0;
  let rehashed = 0;
  let unparsed = 0;
  const accept = (result: SummarizeResult) => {
    if (!result.ok) return skip(result.file, result.reason);
    progress();
    const { size, mtimeMs } = stats.get(result.file)!;
    if ('unparsed' in result) {
      unparsed++;
      if (cached.entries.has(result.file)) dirty = true; // changed, and its facts are not known now
      return;
    }
    dirty = true; // a new entry, or a new mtime for an old one
    if ('unchanged' in result) {
      take(result.file, rehashable.get(result.file)!);
      rehashable.delete(result.file);
      fresh.set(result.file, { size, mtimeMs, hash: result.hash, stored: cached.entries.get(result.file)!.stored });
      fromCache++;
      rehashed++;
      return;
    }
    parsed++;
    const summary = summaryOf(result.stored); // encoded just now: never malformed
    if (summary) internSummary(summary, strings);
    take(result.file, { ...(keepFacts ? { stored: result.stored } : {}), summary });
    if (result.partial) return; // facts for this registry only
    if (useCache) (writer ??= new CacheWriter(root, sourceRoots, options.cacheDir)).add(result.file, { size, mtimeMs, hash: result.hash, stored: result.stored });
  };
  // without a cache the facts of a prefiltered scan serve only this registry: a parse may stop early
  const summarize = { sourceRoots, ...(options.prefilter ? { prefilter: options.prefilter, registryOnly: !useCache } : {}) };
  const workers = options.workers ?? (jobs.length < IN_THREAD_BELOW ? 0 : defaultWorkerCount());
  let inThread = jobs;
  let usedWorkers = 0;
  try {
    if (workers > 0 && jobs.length > 0) {
      const outcome = await summarizeInWorkers(jobs, { ...summarize, workers, ...(signal ? { signal } : {}), onResult: accept });
      inThread = outcome.leftover;
      usedWorkers = outcome.workers;
    }
    if (inThread.length > 0) {
      const parser = await createPythonParser();
      try {
        await summarizeFiles(parser, inThread, summarize, accept, () => signal?.aborted === true);
      } finally {
        parser.delete();
      }
    }
    signal?.throwIfAborted();
  } catch (e) {
    await writer?.discard();
    throw e;
  }

  // 3. the cache for next time: what this scan knows, plus the retained entries of other files
  if (useCache) {
    const scanned = new Set(files);
    for (const [file, entry] of cached.entries) {
      if (scanned.has(file)) continue;
      // a racy entry would look trustworthy under the new cache's later write time: drop it
      if (options.retain?.(file) && trusted(entry)) fresh.set(file, entry);
      else dirty = true;
    }
    if (dirty) {
      writer ??= new CacheWriter(root, sourceRoots, options.cacheDir);
      for (const [file, entry] of fresh) writer.add(file, entry);
      await writer.commit();
    }
  }

  return { stored, summaries, stamps: stats, stats: { files: files.length, parsed, fromCache, rehashed, unparsed, skipped, workers: usedWorkers, ms: performance.now() - started } };
}

/**
 * Makes the summary's strings the pool's copies: module paths and names repeat across thousands
 * of files, and a worker's results arrive with their own copy of each.
 */
function internSummary(summary: FileSummary, pool: Map<string, string>): void {
  const intern = (v: string) => {
    const known = pool.get(v);
    if (known !== undefined) return known;
    pool.set(v, v);
    return v;
  };
  summary.module = intern(summary.module);
  if (summary.all) summary.all = summary.all.map(intern);
  for (const binding of summary.bindings) {
    binding.name = intern(binding.name);
    if (binding.from) {
      binding.from.module = intern(binding.from.module);
      if (binding.from.name !== undefined) binding.from.name = intern(binding.from.name);
    }
  }
}
