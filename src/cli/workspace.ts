/**
 * What `check` and `fix` know about the files they work on, from one pass over the workspace:
 * each file's facts (imports, import guards, dotted strings, bindings: src/engine/index/facts.ts),
 * from the index cache when the file is unchanged and from one parse in a worker thread
 * otherwise, and, when SSOT002 or SSOT003 is wanted, the workspace index built from the same
 * facts. Findings are then computed from the facts alone: a warm run reads and parses nothing.
 */
import type { Dirent } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { byPosition, matchFacts, matchFilter } from '../engine/check';
import type { Finding } from '../engine/findings';
import { findBrokenImports, notFlaggedByRegistry, type BrokenImport } from '../engine/index/brokenImports';
import { buildIndex, discoveryPaths } from '../engine/index/buildIndex';
import { factsOf, loadIndexCache, type LoadedCache, type StoredFacts } from '../engine/index/cache';
import { factsOfSource, type FileFacts } from '../engine/index/facts';
import { createPythonParser, type PythonParser } from '../engine/python/parser';
import type { ModuleIndex } from '../engine/index/moduleIndex';
import { scanFiles, type FileStamp } from '../engine/index/scan';
import { moduleOfFile, type FileModule } from '../engine/modules';
import { discoverPythonFiles } from '../engine/workspace/discover';
import { INDEX_CODES, type Code } from './args';
import type { CliProject } from './project';
import { relativePosix, type Report } from './report';
import { readSource } from '../engine/workspace/readSource';

export interface DiscoverRequest {
  /** The codes wanted: the whole workspace is discovered only for SSOT002/SSOT003 (the index). */
  codes: readonly Code[];
  /** A path given, a folder or a .gitignore that could not be read during discovery. */
  onUnreadable: (file: string, reason: string) => void;
  /** Every folder listing read (discovery's, and the index's package folders'). */
  onListing?: (dir: string, entries: readonly Dirent[]) => void;
}

export interface ScanRequest extends DiscoverRequest {
  /** Read and write the index cache. */
  cache: boolean;
  /** Parse only what the registry can match (no facts for the rest); ignored when the index is built. */
  registryOnly?: boolean;
  /** Files done so far, of `total` (for a progress line). */
  onProgress?: (done: number, total: number, what: string) => void;
  /** The index cache, already being loaded (loadIndexCache of the project's root and source roots). */
  preloaded?: Promise<LoadedCache>;
}

/** The files a run works on, found before anything is read. */
export interface DiscoveredWorkspace {
  /** The files to work on (under the command's paths), sorted by POSIX path. */
  files: string[];
  /** With the index: the files it is built from (the workspace's, inside a source root). */
  indexed?: string[];
  /** Every file the scan reads (`files`, plus `indexed`): what a run's results depend on. */
  scanned: string[];
}

export interface ScannedWorkspace {
  /** The files to work on (under the command's paths), sorted by POSIX path. */
  files: string[];
  /** Facts of the files that were read, encoded (decoded one file at a time by reportedFiles); a file without facts and not in `skipped` cannot match the registry. */
  stored: ReadonlyMap<string, StoredFacts>;
  /** Files to work on that could not be read or parsed, with the reason. */
  skipped: ReadonlyMap<string, string>;
  /** Each scanned file as stat saw it before it was read (absent: it could not be stat'ed). */
  stamps: ReadonlyMap<string, FileStamp>;
  /** Set when SSOT002 or SSOT003 is wanted. */
  index?: ModuleIndex;
}

export function wantsIndex(codes: readonly Code[]): boolean {
  return codes.some((c) => INDEX_CODES.includes(c));
}

export async function discoverWorkspace(project: CliProject, request: DiscoverRequest): Promise<DiscoveredWorkspace> {
  const { root, sourceRoots, paths } = project;
  const listing = request.onListing ? { onListing: request.onListing } : {};
  const files = await discoverPythonFiles(root, paths, { onUnreadable: request.onUnreadable, ...listing });
  if (!wantsIndex(request.codes)) return { files, scanned: files };
  // the whole workspace goes into the index, whatever the paths; the files to check ride along
  const discovery = discoveryPaths(root, sourceRoots);
  const sameFiles = discovery.length === 0 && paths.every((p) => p === root);
  const workspaceFiles = sameFiles ? files : await discoverPythonFiles(root, discovery, { onUnreadable: () => {}, ...listing });
  const indexed = workspaceFiles.filter((f) => moduleOfFile(f, sourceRoots) !== undefined);
  return { files, indexed, scanned: [...new Set([...indexed, ...files])] };
}

export async function scanWorkspace(project: CliProject, request: ScanRequest, discovered?: DiscoveredWorkspace): Promise<ScannedWorkspace> {
  const { root, sourceRoots, paths } = project;
  // reading and parsing the cache overlaps the discovery's file-system waits
  const preloaded = request.preloaded ?? (request.cache ? loadIndexCache(root, sourceRoots) : undefined);
  const { files, indexed } = discovered ?? (await discoverWorkspace(project, request));
  const progress = request.onProgress;

  if (!indexed) {
    // the registry only: files that cannot match are read, not parsed; the cache keeps what lies outside the paths
    const registryOnly = request.registryOnly !== false;
    const scan = await scanFiles({
      root,
      sourceRoots,
      files,
      cache: request.cache,
      ...(registryOnly ? { prefilter: matchFilter(project.registry) } : {}),
      retain: (file) => !paths.some((p) => contains(p, file)),
      ...(preloaded ? { preloaded } : {}),
      ...(progress ? { onProgress: (done: number, total: number) => progress(done, total, 'checking') } : {}),
    });
    return { files, stored: scan.stored, skipped: skippedOf(scan.stats.skipped), stamps: scan.stamps };
  }

  const built = await buildIndex({
    root,
    sourceRoots,
    files: indexed,
    extraFiles: files,
    cache: request.cache,
    ...(preloaded ? { preloaded } : {}),
    ...(request.onListing ? { onListing: request.onListing } : {}),
    ...(progress ? { onProgress: (done: number, total: number) => progress(done, total, 'indexing') } : {}),
  });
  return { files, stored: built.stored, skipped: skippedOf(built.stats.skipped), stamps: built.stamps, index: built.index };
}

/** Every finding of one file's facts, of the wanted codes. */
export interface FileFindings {
  /** SSOT001 and SSOT004, in document order. */
  registry: Finding[];
  /** SSOT002 and SSOT003 not already flagged by the registry, in document order. */
  broken: BrokenImport[];
}

export function findingsOf(facts: FileFacts, fileModule: FileModule | undefined, project: CliProject, codes: readonly Code[], index: ModuleIndex | undefined): FileFindings {
  const { importMatches, stringMatches } = matchFacts(facts, fileModule, project);
  const wanted = (code: string) => (codes as readonly string[]).includes(code);
  const registry = [...importMatches, ...stringMatches]
    .map((m) => m.finding)
    .filter((f) => wanted(f.code))
    .sort(byPosition);
  if (!index) return { registry, broken: [] };
  const broken = findBrokenImports(facts.imports, fileModule, index, project.registry, { guarded: new Set(facts.guarded) });
  return { registry, broken: notFlaggedByRegistry(broken, importMatches).filter((b) => wanted(b.code)) };
}

export function moduleOf(file: string, project: CliProject): FileModule | undefined {
  return moduleOfFile(file, project.sourceRoots);
}

/**
 * The scanned files a report covers, each counted in `filesChecked` or recorded as skipped,
 * with its facts, decoded one file at a time; files read but unable to match anything (no facts)
 * are counted, not yielded.
 */
export async function* reportedFiles(workspace: ScannedWorkspace, report: Report, sourceRoots: readonly string[]): AsyncGenerator<{ file: string; facts: FileFacts }> {
  for (const file of workspace.files) {
    const reason = workspace.skipped.get(file);
    if (reason !== undefined) {
      report.skipped.push({ file: relativePosix(report.root, file), reason });
      continue;
    }
    const stored = workspace.stored.get(file);
    const facts = stored && (await factsFor(file, stored, sourceRoots));
    if (facts === null) {
      report.skipped.push({ file: relativePosix(report.root, file), reason: 'can no longer be read' });
      continue;
    }
    report.filesChecked++;
    if (facts) yield { file, facts };
  }
}

let fallbackParser: Promise<PythonParser> | undefined;

/** The decoded facts; a cache entry that does not decode (a corrupt cache) means a parse of the file now; null when it cannot be read. */
async function factsFor(file: string, stored: StoredFacts, sourceRoots: readonly string[]): Promise<FileFacts | null> {
  try {
    return factsOf(stored);
  } catch {
    const text = await textOf(file);
    if (text === undefined) return null;
    return factsOfSource(await (fallbackParser ??= createPythonParser()), text, file, sourceRoots);
  }
}

/** A file's text, or undefined when it can no longer be read. */
export async function textOf(file: string): Promise<string | undefined> {
  const source = await readSource(file);
  return source.ok ? source.text : undefined;
}

function skippedOf(list: readonly { file: string; reason: string }[]): Map<string, string> {
  return new Map(list.map((s) => [s.file, s.reason]));
}

/** Whether `file` is `path` or lies below it. */
function contains(path: string, file: string): boolean {
  const rel = relative(resolve(path), file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
