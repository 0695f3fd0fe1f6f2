/**
 * The index persisted between runs: per file its size, mtime, content hash and summary, so the
 * next start only stats files and parses what changed. Shared by the language server and the
 * CLI (same folder, one file per workspace root and format version).
 *
 * A cache is only ever a hint: one of another version, for other source roots, unreadable or
 * corrupt is ignored (a cold build), and a failed write loses nothing but time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Binding, BindingKind, OpenReason } from './bindings';
import type { FileSummary } from './summary';

/** Bump whenever FileSummary or the encoding below changes shape. */
export const CACHE_FORMAT_VERSION = 1;

export const CACHE_DIR_ENV = 'SSOT_IMPORTS_CACHE_DIR';

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  /** sha1 of the text (see contentHash). */
  hash: string;
  summary: FileSummary;
}

export interface LoadedCache {
  /** Absolute file path → entry. */
  entries: Map<string, CacheEntry>;
  /** When the cache was written (ms since the epoch); 0 when there was none. */
  writtenAt: number;
}

/** `$SSOT_IMPORTS_CACHE_DIR`, else `$XDG_CACHE_HOME/ssot-imports`, else `~/.cache/ssot-imports`. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[CACHE_DIR_ENV];
  if (override) return resolve(override);
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'ssot-imports');
  return join(homedir(), '.cache', 'ssot-imports');
}

/** The cache file of a workspace root: named by a hash of the root's path and the format version. */
export function cacheFile(root: string, dir: string = cacheDirectory()): string {
  const key = createHash('sha1').update(resolve(root)).digest('hex').slice(0, 16);
  return join(dir, `index-${key}-v${CACHE_FORMAT_VERSION}.json`);
}

export async function loadIndexCache(root: string, sourceRoots: readonly string[], dir?: string): Promise<LoadedCache> {
  const empty: LoadedCache = { entries: new Map(), writtenAt: 0 };
  let text: string;
  try {
    text = await readFile(cacheFile(root, dir), 'utf8');
  } catch {
    return empty;
  }
  try {
    return decode(JSON.parse(text), resolve(root), sourceRoots) ?? empty;
  } catch {
    return empty; // corrupt: start cold
  }
}

/** Writes the cache atomically (temp file + rename); false when it could not be written. */
export async function saveIndexCache(root: string, sourceRoots: readonly string[], entries: ReadonlyMap<string, CacheEntry>, dir?: string): Promise<boolean> {
  const file = cacheFile(root, dir);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(temp, JSON.stringify(encode(resolve(root), sourceRoots, entries)));
    await rename(temp, file);
    return true;
  } catch {
    await unlink(temp).catch(() => {});
    return false;
  }
}

// ---------------------------------------------------------------------------------- encoding
// Compact rows instead of objects: a 10,000-file workspace has ~500,000 bindings.

const KINDS: readonly BindingKind[] = ['def', 'async def', 'class', 'assignment', 'annotation', 'for', 'with', 'except', 'walrus', 'type', 'import'];
const OPEN_REASONS: readonly OpenReason[] = ['wildcard', '__getattr__', 'globals', 'sys.modules'];

/** [name, line, kind] or [name, line, kind, fromModule] or [name, line, kind, fromModule, fromName] */
type BindingRow = [string, number, number, string?, string?];
/** [path, size, mtimeMs, hash, module, isPackage, open, all, bindings] */
type FileRow = [string, number, number, string, string, 0 | 1, OpenReason | null, string[] | null, BindingRow[]];

interface CacheDocument {
  format: 'ssot-imports-index';
  version: number;
  root: string;
  sourceRoots: string[];
  writtenAt: number;
  files: FileRow[];
}

function encode(root: string, sourceRoots: readonly string[], entries: ReadonlyMap<string, CacheEntry>): CacheDocument {
  const files: FileRow[] = [];
  for (const [file, { size, mtimeMs, hash, summary }] of entries) {
    const rel = relative(root, file);
    const path = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
    const bindings = summary.bindings.map((b): BindingRow => {
      const row: BindingRow = [b.name, b.line, KINDS.indexOf(b.kind)];
      if (b.from) {
        row.push(b.from.module);
        if (b.from.name !== undefined) row.push(b.from.name);
      }
      return row;
    });
    files.push([path, size, mtimeMs, hash, summary.module, summary.isPackage ? 1 : 0, summary.open ?? null, summary.all ?? null, bindings]);
  }
  return { format: 'ssot-imports-index', version: CACHE_FORMAT_VERSION, root, sourceRoots: [...sourceRoots], writtenAt: Date.now(), files };
}

/** The entries of a parsed cache document; undefined when it is for something else. Throws when malformed. */
function decode(doc: unknown, root: string, sourceRoots: readonly string[]): LoadedCache | undefined {
  const d = doc as Partial<CacheDocument> | null;
  if (!d || d.format !== 'ssot-imports-index' || d.version !== CACHE_FORMAT_VERSION || d.root !== root) return undefined;
  // module names (and so relative imports) depend on the source roots
  if (!Array.isArray(d.sourceRoots) || d.sourceRoots.join('\0') !== sourceRoots.join('\0')) return undefined;
  if (!Array.isArray(d.files) || typeof d.writtenAt !== 'number') return undefined;
  const entries = new Map<string, CacheEntry>();
  for (const row of d.files) {
    const [path, size, mtimeMs, hash, module, isPackage, open, all, rows] = row;
    check(typeof path === 'string' && typeof size === 'number' && typeof mtimeMs === 'number' && typeof hash === 'string' && typeof module === 'string');
    check((open === null || OPEN_REASONS.includes(open)) && (all === null || (Array.isArray(all) && all.every((a) => typeof a === 'string'))));
    check(Array.isArray(rows));
    const bindings = rows.map(decodeBinding);
    const summary: FileSummary = { module, isPackage: isPackage === 1, bindings, ...(all ? { all } : {}), ...(open ? { open } : {}) };
    entries.set(resolve(root, path), { size, mtimeMs, hash, summary });
  }
  return { entries, writtenAt: d.writtenAt };
}

function decodeBinding(row: BindingRow): Binding {
  check(Array.isArray(row) && row.length >= 3 && row.length <= 5);
  const [name, line, kindIndex, fromModule, fromName] = row;
  const kind = KINDS[kindIndex];
  check(typeof name === 'string' && typeof line === 'number' && kind !== undefined);
  check((fromModule === undefined || typeof fromModule === 'string') && (fromName === undefined || typeof fromName === 'string'));
  const binding: Binding = { name, line, kind };
  if (fromModule !== undefined) binding.from = fromName !== undefined ? { module: fromModule, name: fromName } : { module: fromModule };
  return binding;
}

function check(ok: boolean): asserts ok {
  if (!ok) throw new Error('malformed index cache');
}
