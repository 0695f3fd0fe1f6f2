/**
 * Builds a workspace's module index: discovers its Python files, gets their facts (scan.ts: from
 * the cache for every file whose size and mtime, or failing those content hash, are unchanged;
 * parsed in worker threads otherwise), indexes their summaries, and saves the cache for next time.
 */
import type { Dirent } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { moduleOfFile } from '../modules';
import { createPythonParser, type PythonParser } from '../python/parser';
import { discoverPythonFiles } from '../workspace/discover';
import type { StoredFacts } from './cache';
import { ModuleIndex } from './moduleIndex';
import { scanFiles, type FileStamp, type ScanOptions } from './scan';
import { summarizeSource, type FileSummary } from './summary';
import { addUnparsedModules } from './unparsedModules';

export interface BuildIndexOptions {
  /** The workspace root: discovery starts here, and the cache is kept per root. */
  root: string;
  /** Absolute source roots (Project.sourceRoots); roots outside `root` are discovered too. */
  sourceRoots: readonly string[];
  /** Index exactly these files instead of discovering them. */
  files?: readonly string[];
  /**
   * Files to get the facts of besides the indexed ones (the CLI's files outside every source
   * root): scanned and cached in the same pass, never indexed. Absolute paths.
   */
  extraFiles?: readonly string[];
  /** Read and write the persisted cache (default true; the CLI's `--no-cache` passes false). */
  cache?: boolean;
  /** Cache folder; default cacheDirectory() (`$SSOT_IMPORTS_CACHE_DIR`, XDG, ~/.cache). */
  cacheDir?: string;
  signal?: AbortSignal;
  /** Called as files are done (from the cache or parsed), with the number of files to scan. */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads for parsing; 0 parses in-thread. Default: one per core (at most 4), in-thread for few files. */
  workers?: number;
  /** The cache, already being loaded (see ScanOptions.preloaded). */
  preloaded?: ScanOptions['preloaded'];
  /** Return every file's facts (default true); false returns none and holds only what the index needs. */
  keepFacts?: boolean;
  /** Called with every folder listing the index depends on (discovery's, and the package folders'). */
  onListing?: (dir: string, entries: readonly Dirent[]) => void;
}

export interface BuildStats {
  /** Files indexed or attempted (discovered files inside a source root, plus any extra files). */
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

export interface BuiltIndex {
  index: ModuleIndex;
  stats: BuildStats;
  /** The facts of every file read (indexed and extra), encoded (factsOf), for checks that need more than the index; empty with `keepFacts: false`. */
  stored: Map<string, StoredFacts>;
  /** What each file read looked like when it was read (ScanResult.stamps). */
  stamps: ReadonlyMap<string, FileStamp>;
}

export async function buildIndex(options: BuildIndexOptions): Promise<BuiltIndex> {
  const started = performance.now();
  const { signal } = options;
  const root = resolve(options.root);
  const sourceRoots = [...options.sourceRoots];
  const skipped: BuildStats['skipped'] = [];

  const discovered = options.files
    ? [...new Set(options.files.map((f) => resolve(root, f)))]
    : await discoverPythonFiles(root, discoveryPaths(root, sourceRoots), {
        onUnreadable: (file, reason) => skipped.push({ file, reason }),
        ...(options.onListing ? { onListing: options.onListing } : {}),
      });
  signal?.throwIfAborted();
  const indexed = discovered.filter((f) => moduleOfFile(f, sourceRoots) !== undefined);
  const files = [...new Set([...indexed, ...(options.extraFiles ?? [])])];

  const scanOptions: ScanOptions = {
    root,
    sourceRoots,
    files,
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    ...(signal ? { signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.preloaded ? { preloaded: options.preloaded } : {}),
    ...(options.keepFacts !== undefined ? { keepFacts: options.keepFacts } : {}),
  };
  const scan = await scanFiles(scanOptions);
  skipped.push(...scan.stats.skipped);

  const index = new ModuleIndex(sourceRoots);
  for (const file of indexed) {
    const summary = scan.summaries.get(file);
    if (summary) index.set(file, summary);
  }
  // what else is importable beside the indexed files
  await addUnparsedModules(index, options.onListing);
  signal?.throwIfAborted();

  const { parsed, fromCache, rehashed, workers } = scan.stats;
  return { index, stored: scan.stored, stamps: scan.stamps, stats: { files: files.length, parsed, fromCache, rehashed, skipped, workers, ms: performance.now() - started } };
}

/** What to discover for the index: the root itself, plus source roots that lie outside it (`../shared/src`). */
export function discoveryPaths(root: string, sourceRoots: readonly string[]): string[] {
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
