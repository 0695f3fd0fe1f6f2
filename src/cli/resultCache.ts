/**
 * The last `check` report of a workspace, replayed when nothing it was computed from has changed,
 * so that a warm run costs discovery and one stat per file. The index cache (engine/index/
 * cache.ts) saves the parsing; this saves the rest: loading every file's facts, building the
 * index and matching, which no longer depend on one file alone once the index is involved.
 *
 * What a report depends on, and how each is seen unchanged:
 * - the tool, the registry's rules, the root, the source roots and the codes: one key;
 * - the files reported on and the files scanned: their paths, and each one's size, mtime and
 *   ctime (ctime also moves when a file is made readable again), all older than the last run's
 *   start by RACY_MS (as git trusts a racily clean entry only by content);
 * - the folders: every listing that discovery and the index's package folders read (names and
 *   kinds of entries), so that a new file, a generated module or a .so beside the sources counts.
 * Anything else, or any doubt (a folder that changed during the run, a file that could not be
 * stat'ed), means a full run, whose report is then saved.
 */
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Severity } from '../engine/findings';
import { cacheDirectory, CACHE_FORMAT_VERSION, writeAtomically } from '../engine/index/cache';
import { RACY_MS, type FileStamp } from '../engine/index/scan';
import type { Code } from './args';
import { TOOL_VERSION } from './format/sarif';
import type { CliProject } from './project';
import { relativePosix, type Report, type ReportFinding } from './report';

const RESULTS_VERSION = 1;

/** The folder listings a run read: folder → its entries' kinds and names, sorted. */
export class Listings {
  private readonly signatures = new Map<string, string>();
  /** False once a folder was read twice with different entries: it changed during the run. */
  consistent = true;

  readonly record = (dir: string, entries: readonly Dirent[]): void => {
    const signature = entries
      .map((e) => `${e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : e.isFile() ? 'f' : 'o'}${e.name}`)
      .sort()
      .join('\0');
    const seen = this.signatures.get(dir);
    if (seen !== undefined && seen !== signature) this.consistent = false;
    this.signatures.set(dir, signature);
  };

  folders(): Set<string> {
    return new Set(this.signatures.keys());
  }

  has(dir: string): boolean {
    return this.signatures.has(dir);
  }

  digest(): string {
    const hash = createHash('sha1');
    for (const dir of [...this.signatures.keys()].sort()) hash.update(`${dir}\0\0${this.signatures.get(dir)!}\n`);
    return hash.digest('hex');
  }
}

/** What a report is keyed on besides the files: the tool itself, the registry, the root, the source roots, the codes. */
export function resultKey(project: CliProject, codes: readonly Code[]): string {
  const { root, sourceRoots, registry } = project;
  const inputs = { tool: toolStamp(), version: TOOL_VERSION, format: CACHE_FORMAT_VERSION, root, sourceRoots, codes, rules: registry.rules };
  return createHash('sha1').update(JSON.stringify(inputs)).digest('hex');
}

/** The running build (its bundle, or this module under tsx): a rebuilt tool may report differently. */
function toolStamp(): string {
  try {
    const s = statSync(__filename);
    return `${__filename}:${s.size}:${s.mtimeMs}`;
  } catch {
    return `unknown:${process.pid}:${Date.now()}`; // never matches a saved one
  }
}

/** A finding without its file: line, column, endLine, endColumn, code, severity, message. */
type FindingRow = [number, number, number, number, string, Severity, string];

interface ResultDocument {
  format: 'ssot-imports-results';
  version: number;
  key: string;
  /** When the run that wrote it started (ms since the epoch): stamps must be older by RACY_MS. */
  startedAt: number;
  /** sha1 of the reported files' paths, in order. */
  files: string;
  /** Every file scanned (absolute), and per file its size, mtime and ctime (3 numbers each). */
  scanned: string[];
  stamps: number[];
  /** Listings.digest() of the run. */
  listings: string;
  /** Folders the index listed that discovery does not (read again to be compared). */
  extraFolders: string[];
  /** Per reported file with something to say: its workspace-relative path, the reason it was skipped (or null), its findings. */
  outcomes: [string, string | null, FindingRow[]][];
}

/** A saved report, matched against the current run's key. */
export interface SavedResults {
  doc: ResultDocument;
}

export function resultsFile(root: string, codes: readonly Code[], dir: string = cacheDirectory()): string {
  const name = createHash('sha1').update(`${resolve(root)}\0${codes.join(',')}`).digest('hex').slice(0, 16);
  return join(dir, `results-${name}-v${RESULTS_VERSION}.json`);
}

/** The saved report of the last run with the same key; undefined when there is none (or it is unreadable, corrupt or for something else). */
export async function loadResults(root: string, codes: readonly Code[], key: string): Promise<SavedResults | undefined> {
  let doc: Partial<ResultDocument>;
  try {
    doc = JSON.parse(await readFile(resultsFile(root, codes), 'utf8')) as Partial<ResultDocument>;
  } catch {
    return undefined;
  }
  if (!doc || doc.format !== 'ssot-imports-results' || doc.version !== RESULTS_VERSION || doc.key !== key) return undefined;
  const { startedAt, files, scanned, stamps, listings, extraFolders, outcomes } = doc;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (typeof startedAt !== 'number' || typeof files !== 'string' || typeof listings !== 'string' || !strings(scanned) || !strings(extraFolders)) return undefined;
  if (!Array.isArray(stamps) || stamps.length !== scanned.length * 3 || !stamps.every((n) => typeof n === 'number')) return undefined;
  if (!Array.isArray(outcomes) || !outcomes.every(isOutcome)) return undefined;
  return { doc: doc as ResultDocument };
}

function isOutcome(v: unknown): v is ResultDocument['outcomes'][number] {
  if (!Array.isArray(v) || v.length !== 3 || typeof v[0] !== 'string' || (v[1] !== null && typeof v[1] !== 'string') || !Array.isArray(v[2])) return false;
  return (v[2] as unknown[]).every(
    (r) => Array.isArray(r) && r.length === 7 && r.slice(0, 4).every((n) => Number.isInteger(n)) && r.slice(4).every((x) => typeof x === 'string'),
  );
}

/** The current run, as far as it got before reading any file: what the saved report must match. */
export interface RunSoFar {
  root: string;
  /** The files to report on, in order. */
  files: readonly string[];
  /** The files a full run would scan. */
  scanned: readonly string[];
  /** Discovery's listings (extra folders are added to them). */
  listings: Listings;
}

/**
 * Adds the saved report's findings, skipped files and count to `report` when it still holds:
 * true then; false (and `report` untouched) when anything it depends on may have changed.
 */
export async function replayResults(saved: SavedResults, run: RunSoFar, report: Report): Promise<boolean> {
  const { doc } = saved;
  if (doc.files !== pathsDigest(run.files) || doc.scanned.length !== run.scanned.length) return false;
  const trustedBefore = doc.startedAt - RACY_MS;
  const at = new Map<string, number>();
  doc.scanned.forEach((file, i) => at.set(file, i * 3));
  for (const file of run.scanned) {
    const i = at.get(file);
    if (i === undefined) return false;
    let s;
    try {
      s = statSync(file);
    } catch {
      return false;
    }
    if (s.size !== doc.stamps[i] || s.mtimeMs !== doc.stamps[i + 1] || s.ctimeMs !== doc.stamps[i + 2]) return false;
    if (Math.max(s.mtimeMs, s.ctimeMs) >= trustedBefore) return false;
  }
  await Promise.all(
    doc.extraFolders.map(async (dir) => {
      if (run.listings.has(dir)) return;
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
      if (entries) run.listings.record(dir, entries);
    }),
  );
  if (!run.listings.consistent || run.listings.digest() !== doc.listings) return false;

  const outcomes = new Map(doc.outcomes.map(([file, skipped, rows]) => [file, { skipped, rows }]));
  for (const file of run.files) {
    const rel = relativePosix(run.root, file);
    const outcome = outcomes.get(rel);
    if (outcome?.skipped != null) {
      report.skipped.push({ file: rel, reason: outcome.skipped });
      continue;
    }
    report.filesChecked++;
    for (const [line, column, endLine, endColumn, code, severity, message] of outcome?.rows ?? []) {
      report.findings.push({ file: rel, line, column, endLine, endColumn, code, severity, message });
    }
  }
  return true;
}

/** What a full run found and read, to save. */
export interface FinishedRun extends RunSoFar {
  key: string;
  codes: readonly Code[];
  startedAt: number;
  /** Folders discovery listed (the rest of `listings` are the index's extra folders). */
  discoveredFolders: ReadonlySet<string>;
  stamps: ReadonlyMap<string, FileStamp>;
  /** The per-file part of the report: what was pushed after discovery. */
  findings: readonly ReportFinding[];
  skipped: Report['skipped'];
}

/** Saves a full run's report for the next run; nothing when the run saw something change under it. */
export async function saveResults(run: FinishedRun): Promise<void> {
  if (!run.listings.consistent) return;
  const stamps: number[] = [];
  for (const file of run.scanned) {
    const s = run.stamps.get(file);
    if (!s) return; // a file that could not be stat'ed cannot be seen unchanged
    stamps.push(s.size, s.mtimeMs, s.ctimeMs);
  }
  const outcomes = new Map<string, [string, string | null, FindingRow[]]>();
  const outcomeOf = (file: string) => {
    let o = outcomes.get(file);
    if (!o) outcomes.set(file, (o = [file, null, []]));
    return o;
  };
  for (const s of run.skipped) outcomeOf(s.file)[1] = s.reason;
  for (const f of run.findings) outcomeOf(f.file)[2].push([f.line, f.column, f.endLine, f.endColumn, f.code, f.severity, f.message]);
  const doc: ResultDocument = {
    format: 'ssot-imports-results',
    version: RESULTS_VERSION,
    key: run.key,
    startedAt: run.startedAt,
    files: pathsDigest(run.files),
    scanned: [...run.scanned],
    stamps,
    listings: run.listings.digest(),
    extraFolders: [...run.listings.folders()].filter((dir) => !run.discoveredFolders.has(dir)),
    outcomes: [...outcomes.values()],
  };
  await writeAtomically(resultsFile(run.root, run.codes), [JSON.stringify(doc)]);
}

function pathsDigest(files: readonly string[]): string {
  return createHash('sha1').update(files.join('\0')).digest('hex');
}
