/**
 * One file's contribution to the workspace index: its module name and module-level bindings
 * (part of its FileFacts, see facts.ts). Small and plain (no tree, no source slices) so it can
 * cross a worker boundary and be cached.
 */
import { createHash } from 'node:crypto';
import { moduleOfFile } from '../modules';
import type { PythonParser } from '../python/parser';
import { readSource, readSourceSync, type ReadSourceResult } from '../workspace/readSource';
import { rulesMayMatchFilter, type MatchFilter } from '../check';
import { moduleBindings, type ModuleBindings } from './bindings';
import { storeFacts, type StoredFacts } from './cache';
import { factsOfSource, registryFactsOfSource } from './facts';
import { parseCut } from './prefilter';

export interface FileSummary extends ModuleBindings {
  /** Dotted module name from the source roots (`pkg` for pkg/__init__.py). */
  module: string;
  isPackage: boolean;
}

/** Parses `text` (the file `file`) and summarises it; undefined when no source root holds the file. */
export function summarizeSource(parser: PythonParser, text: string, file: string, sourceRoots: readonly string[]): FileSummary | undefined {
  const fileModule = moduleOfFile(file, sourceRoots);
  if (!fileModule) return undefined;
  const tree = parser.parse(text);
  try {
    return { module: fileModule.name, isPackage: fileModule.isPackage, ...moduleBindings(tree, fileModule) };
  } finally {
    tree.delete();
  }
}

/** sha1 of the decoded text: what the cache compares when only the mtime changed. */
export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export type SummarizeResult =
  /**
   * The facts, encoded where they were parsed (a worker): flat arrays cross the thread boundary
   * and go into the cache as they are. `partial`: registry facts from a prefix
   * (SummarizeOptions.registryOnly), not for the cache or the index.
   */
  | { file: string; ok: true; hash: string; stored: StoredFacts; partial?: true }
  /** The content hash equals `expectHash`: the cached facts still hold, nothing was parsed. */
  | { file: string; ok: true; hash: string; unchanged: true }
  /** With a prefilter: the text cannot match the registry, so it was read but not parsed (no facts). */
  | { file: string; ok: true; unparsed: true }
  | { file: string; ok: false; reason: string };

/** Files read ahead of the one being parsed: reading is I/O latency, parsing is CPU; overlap them. */
const READ_AHEAD = 4;

export interface SummarizeJob {
  file: string;
  /** The cached content hash: when the file still has it, the parse is skipped. */
  expectHash?: string;
}

export interface SummarizeOptions {
  sourceRoots: readonly string[];
  /** Parse only files whose text can match this registry (mayMatchFilter); the others are only read. */
  prefilter?: MatchFilter;
  /**
   * With a prefilter: the facts are only matched against that registry, never cached or indexed,
   * so a parse may stop after the last place a rule can match (registryFactsOfSource).
   */
  registryOnly?: boolean;
  /** Read with blocking calls (readSourceSync): for worker threads, where nothing else waits. */
  blockingReads?: boolean;
}

/**
 * Reads, hashes and parses files in order (in a worker or in-thread), reading a few files ahead
 * but parsing one at a time: never more than one tree. Never throws; stops early when `stop()`
 * turns true.
 */
export async function summarizeFiles(
  parser: PythonParser,
  jobs: readonly SummarizeJob[],
  options: SummarizeOptions,
  onResult: (result: SummarizeResult) => void,
  stop: () => boolean = () => false,
): Promise<void> {
  if (options.blockingReads) {
    for (let i = 0; i < jobs.length && !stop(); i++) onResult(summarizeRead(parser, jobs[i]!, readSourceSync(jobs[i]!.file), options));
    return;
  }
  const reads: (Promise<ReadSourceResult> | undefined)[] = [];
  for (let i = 0; i < jobs.length && !stop(); i++) {
    for (let j = i; j < Math.min(jobs.length, i + READ_AHEAD); j++) reads[j] ??= readSource(jobs[j]!.file);
    const read = await reads[i]!;
    reads[i] = undefined; // let the text go
    onResult(summarizeRead(parser, jobs[i]!, read, options));
  }
  // reads started past a stop still settle (readSource never rejects); their texts are dropped
}

function summarizeRead(parser: PythonParser, { file, expectHash }: SummarizeJob, read: ReadSourceResult, { sourceRoots, prefilter, registryOnly }: SummarizeOptions): SummarizeResult {
  if (!read.ok) return { file, ok: false, reason: read.reason };
  const { text } = read;
  const hash = expectHash !== undefined || !prefilter ? contentHash(text) : undefined;
  if (expectHash !== undefined && hash === expectHash) return { file, ok: true, hash, unchanged: true };
  try {
    if (prefilter) {
      const fileModule = moduleOfFile(file, sourceRoots);
      const rules = rulesMayMatchFilter(text, fileModule, prefilter, registryOnly ? Infinity : 1);
      if (rules.length === 0) return { file, ok: true, unparsed: true };
      if (registryOnly) {
        const { facts, partial } = registryFactsOfSource(parser, text, file, sourceRoots, parseCut(text, fileModule, rules));
        return { file, ok: true, hash: hash ?? contentHash(text), stored: storeFacts(facts), ...(partial ? { partial } : {}) };
      }
    }
    return { file, ok: true, hash: hash ?? contentHash(text), stored: storeFacts(factsOfSource(parser, text, file, sourceRoots)) };
  } catch (err) {
    return { file, ok: false, reason: `cannot be parsed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
