/**
 * The index persisted between runs: per file its size, mtime, content hash and facts (summary,
 * imports, import guards, dotted strings: see facts.ts), so the next start only stats files and
 * parses what changed, and a warm CLI run reads no file at all. Shared by the language server and
 * the CLI (same folder, one file per workspace root and format version).
 *
 * A cache is only ever a hint: one of another version, for other source roots, unreadable or
 * corrupt is ignored (a cold build), and a failed write loses nothing but time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { AnyImport, ImportedName } from '../python/imports';
import type { Suppression } from '../python/suppression';
import type { Span } from '../python/syntax';
import type { StringCandidate } from '../strings';
import type { Binding, BindingKind, OpenReason } from './bindings';
import type { FileFacts } from './facts';
import type { FileSummary } from './summary';

/** Bump whenever FileFacts (FileSummary, AnyImport, StringCandidate) or the encoding below changes shape. */
export const CACHE_FORMAT_VERSION = 2;

export const CACHE_DIR_ENV = 'SSOT_IMPORTS_CACHE_DIR';

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  /** sha1 of the text (see contentHash). */
  hash: string;
  /** The facts, encoded (storeFacts): decoded only by whoever needs them (factsOf, summaryOf). */
  stored: StoredFacts;
}

/**
 * A file's facts as the cache writes them: flat numbers and strings (see the encoding below),
 * several times smaller than the objects. The language server holds these for the cache and
 * decodes only the summaries; the CLI decodes what it matches.
 */
export interface StoredFacts {
  astral: boolean;
  nums: readonly number[];
  /** The strings, or (as read from a cache file) their indexes into `table`. */
  strs: readonly (string | number)[];
  table?: readonly string[];
}

export function storeFacts(facts: FileFacts): StoredFacts {
  const w = new FactsWriter();
  w.facts(facts);
  return { astral: facts.astral, nums: w.nums, strs: w.strs };
}

/** The facts back; throws when `stored` is malformed (a corrupt cache file). */
export function factsOf(stored: StoredFacts): FileFacts {
  return new FactsReader(stored).facts(stored.astral);
}

/** Only the summary (module and bindings: what the index needs); throws when malformed. */
export function summaryOf(stored: StoredFacts): FileSummary | undefined {
  return new FactsReader(stored).summaryOnly();
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
  const writer = new CacheWriter(root, sourceRoots, dir);
  for (const [file, entry] of entries) writer.add(file, entry);
  return writer.commit();
}

/**
 * Writes `chunks` to a temp file beside `file` and renames it over `file`, so that a reader
 * never sees half a file; false (and no temp file left) when it could not be written.
 */
export async function writeAtomically(file: string, chunks: Iterable<string>): Promise<boolean> {
  const temp = tempBeside(file);
  try {
    await mkdir(join(file, '..'), { recursive: true });
    const handle = await open(temp, 'w');
    try {
      for (const chunk of chunks) await handle.write(chunk);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    return true;
  } catch {
    await unlink(temp).catch(() => {});
    return false;
  }
}

/** A temp file's name beside `file`, unique to this process and call: renamed over `file` when complete. */
function tempBeside(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

// ---------------------------------------------------------------------------------- encoding
// A 10,000-file workspace has ~500,000 bindings and ~130,000 import statements: as nested JSON
// arrays that is millions of small arrays, and JSON.parse alone takes most of a warm run. So each
// file's facts are two flat arrays, its numbers and its strings, written and read in one fixed
// order (FactsWriter / FactsReader): JSON.parse reads a flat array of numbers many times faster.
// A file's strings are indexes into one table of the document's distinct strings (module paths
// and names repeat across thousands of files).
//
// Per file: summary? (isPackage, open, #all, #bindings, per binding line, kind, from-arity |
// module, all…, per binding name, from…), imports (#, per statement kind, flags, scope, span,
// suppression, then its items: span, itemEnd − end, alias? | name, alias), strings (#, per string
// mode, span, suppression | value). A span is start, line, character, length on one line, or
// start, line, character, −end, endLine, endCharacter across lines.

const KINDS: readonly BindingKind[] = ['def', 'async def', 'class', 'assignment', 'annotation', 'for', 'with', 'except', 'walrus', 'type', 'import'];
const OPEN_REASONS: readonly OpenReason[] = ['wildcard', '__getattr__', 'globals', 'sys.modules'];

/** [path, size, mtimeMs, hash, astral, numbers, strings (indexes into CacheDocument.strings)] */
type FileRow = [string, number, number, string, 0 | 1, number[], number[]];

interface CacheDocument {
  format: 'ssot-imports-index';
  version: number;
  root: string;
  sourceRoots: string[];
  writtenAt: number;
  /** Every distinct string of the files' facts. */
  strings: string[];
  files: FileRow[];
}

/** Text to write before another chunk is started. */
const WRITE_CHUNK = 1 << 20;

/**
 * A cache file written as its entries come: saveIndexCache adds them all at once, a scan adds
 * each file as it is parsed, so that a cold build of a large workspace does not hold every file's
 * facts until the end only to write them (~60 MB on 10,000 files). Each entry becomes its JSON row
 * at once; the text goes to a temp file beside the cache in chunks of about WRITE_CHUNK, and the
 * table of strings, filled as the rows are written, comes last. The file appears under its name
 * only on commit() (a rename: a reader never sees half a file); discard() leaves nothing behind.
 * A failed write loses only the cache: commit() says false.
 */
export class CacheWriter {
  private readonly file: string;
  private readonly temp: string;
  private readonly root: string;
  private readonly table = new Map<string, number>();
  private readonly handle: Promise<FileHandle>;
  /** The chunks written so far, in order; never rejects (a failure sets `failed`). */
  private written: Promise<void> = Promise.resolve();
  private failed = false;
  private chunk: string;
  private rows = 0;

  constructor(root: string, sourceRoots: readonly string[], dir?: string) {
    this.file = cacheFile(root, dir);
    this.temp = tempBeside(this.file);
    this.root = resolve(root);
    const head: Omit<CacheDocument, 'strings' | 'files'> = { format: 'ssot-imports-index', version: CACHE_FORMAT_VERSION, root: this.root, sourceRoots: [...sourceRoots], writtenAt: Date.now() };
    this.chunk = `${JSON.stringify(head).slice(0, -1)},"files":[`;
    this.handle = mkdir(dirname(this.file), { recursive: true }).then(() => open(this.temp, 'w'));
    this.handle.catch(() => {}); // seen by the first write
  }

  add(file: string, { size, mtimeMs, hash, stored }: CacheEntry): void {
    const rel = relative(this.root, file);
    const path = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
    const { table: old } = stored;
    const strs = stored.strs.map((v) => this.indexOf(typeof v === 'string' ? v : old![v]!));
    const row: FileRow = [path, size, mtimeMs, hash, stored.astral ? 1 : 0, stored.nums as number[], strs];
    this.chunk += (this.rows++ === 0 ? '' : ',') + JSON.stringify(row);
    if (this.chunk.length >= WRITE_CHUNK) this.flush();
  }

  /** Ends the document and puts the file in place; false when it could not be written. */
  async commit(): Promise<boolean> {
    this.chunk += `],"strings":${JSON.stringify([...this.table.keys()])}}`;
    this.flush();
    await this.written;
    if (this.failed) return this.discard().then(() => false);
    try {
      await (await this.handle).close();
      await rename(this.temp, this.file);
      return true;
    } catch {
      await unlink(this.temp).catch(() => {});
      return false;
    }
  }

  /** Writes nothing more and removes what was written. */
  async discard(): Promise<void> {
    this.chunk = '';
    await this.written;
    await this.handle.then((h) => h.close()).catch(() => {});
    await unlink(this.temp).catch(() => {});
  }

  private indexOf(v: string): number {
    let i = this.table.get(v);
    if (i === undefined) this.table.set(v, (i = this.table.size));
    return i;
  }

  private flush(): void {
    const text = this.chunk;
    this.chunk = '';
    this.written = this.written.then(async () => {
      if (this.failed) return;
      try {
        await (await this.handle).write(text);
      } catch {
        this.failed = true;
      }
    });
  }
}

/** The entries of a parsed cache document; undefined when it is for something else. Throws when malformed. */
function decode(doc: unknown, root: string, sourceRoots: readonly string[]): LoadedCache | undefined {
  const d = doc as Partial<CacheDocument> | null;
  if (!d || d.format !== 'ssot-imports-index' || d.version !== CACHE_FORMAT_VERSION || d.root !== root) return undefined;
  // module names (and so relative imports) depend on the source roots
  if (!Array.isArray(d.sourceRoots) || d.sourceRoots.join('\0') !== sourceRoots.join('\0')) return undefined;
  if (!Array.isArray(d.files) || typeof d.writtenAt !== 'number') return undefined;
  const table = d.strings;
  check(Array.isArray(table) && table.every((t) => typeof t === 'string'));
  const entries = new Map<string, CacheEntry>();
  for (const row of d.files) {
    check(Array.isArray(row) && row.length === 7);
    const [path, size, mtimeMs, hash, astral, nums, strs] = row;
    check(typeof path === 'string' && typeof size === 'number' && typeof mtimeMs === 'number' && typeof hash === 'string');
    check((astral === 0 || astral === 1) && Array.isArray(nums) && Array.isArray(strs));
    // their contents are checked as they are decoded (factsOf, summaryOf)
    entries.set(resolve(root, path), { size, mtimeMs, hash, stored: { astral: astral === 1, nums, strs, table } });
  }
  return { entries, writtenAt: d.writtenAt };
}

class FactsWriter {
  readonly nums: number[] = [];
  /** In the document each is an index into its table of strings. */
  readonly strs: string[] = [];

  facts(facts: FileFacts): void {
    const { nums, strs } = this;
    const summary = facts.summary;
    if (!summary) nums.push(0);
    else {
      nums.push(1, summary.isPackage ? 1 : 0, summary.open ? OPEN_REASONS.indexOf(summary.open) : -1, summary.all ? summary.all.length : -1, summary.bindings.length);
      strs.push(summary.module, ...(summary.all ?? []));
      for (const b of summary.bindings) {
        nums.push(b.line, KINDS.indexOf(b.kind), b.from ? (b.from.name !== undefined ? 2 : 1) : 0);
        strs.push(b.name);
        if (b.from) strs.push(b.from.module);
        if (b.from?.name !== undefined) strs.push(b.from.name);
      }
    }
    const guarded = new Set(facts.guarded);
    nums.push(facts.imports.length);
    for (const statement of facts.imports) {
      nums.push(statement.kind === 'import' ? 0 : 1, (statement.recovered ? 1 : 0) | (guarded.has(statement.span.start) ? 2 : 0), statement.scope ?? -1);
      this.span(statement.span);
      this.suppression(statement.suppression);
      if (statement.kind === 'import') {
        this.items(statement.modules);
        continue;
      }
      nums.push(statement.level);
      strs.push(statement.module);
      this.span(statement.moduleSpan);
      if (statement.wildcard) {
        nums.push(1);
        this.span(statement.wildcard);
      } else nums.push(0);
      this.items(statement.names);
    }
    nums.push(facts.strings.length);
    for (const candidate of facts.strings) {
      nums.push(candidate.mode === 'target' ? 0 : 1);
      this.span(candidate.content);
      this.suppression(candidate.suppression);
      strs.push(candidate.value);
    }
  }

  private span({ start, end, range }: Span): void {
    if (range.start.line === range.end.line && range.end.character - range.start.character === end - start) this.nums.push(start, range.start.line, range.start.character, end - start);
    else this.nums.push(start, range.start.line, range.start.character, -end, range.end.line, range.end.character);
  }

  /** -1: none; -2: all; n: n codes (strings) */
  private suppression(suppression: Suppression | undefined): void {
    if (suppression === undefined) this.nums.push(-1);
    else if (suppression === 'all') this.nums.push(-2);
    else {
      this.nums.push(suppression.size);
      this.strs.push(...suppression);
    }
  }

  private items(items: readonly ImportedName[]): void {
    this.nums.push(items.length);
    for (const item of items) {
      this.span(item.span);
      this.nums.push(item.itemEnd - item.span.end, item.alias !== undefined ? 1 : 0);
      this.strs.push(item.name);
      if (item.alias !== undefined) this.strs.push(item.alias);
    }
  }
}

class FactsReader {
  private n = 0;
  private s = 0;

  private readonly nums: readonly unknown[];
  private readonly strs: readonly unknown[];
  private readonly table: readonly string[] | undefined;

  constructor({ nums, strs, table }: StoredFacts) {
    this.nums = nums;
    this.strs = strs;
    this.table = table;
  }

  summaryOnly(): FileSummary | undefined {
    return this.num() === 1 ? this.summary() : undefined;
  }

  facts(astral: boolean): FileFacts {
    const summary = this.num() === 1 ? this.summary() : undefined;
    const guarded: number[] = [];
    const imports: AnyImport[] = [];
    for (let i = 0, count = this.count(); i < count; i++) imports.push(this.statement(guarded));
    const strings: StringCandidate[] = [];
    for (let i = 0, count = this.count(); i < count; i++) {
      const mode = this.num() === 0 ? 'target' : 'module';
      const content = this.span();
      const suppression = this.suppression();
      strings.push({ mode, value: this.str(), content, ...(suppression !== undefined ? { suppression } : {}) });
    }
    check(this.n === this.nums.length && this.s === this.strs.length);
    return { ...(summary ? { summary } : {}), imports, guarded, strings, astral };
  }

  private summary(): FileSummary {
    const isPackage = this.num() === 1;
    const openIndex = this.num();
    const open = openIndex === -1 ? undefined : OPEN_REASONS[openIndex];
    check(openIndex === -1 || open !== undefined);
    const allCount = this.num();
    const bindingCount = this.count();
    const module = this.str();
    const all = allCount === -1 ? undefined : Array.from({ length: this.checkedCount(allCount) }, () => this.str());
    const bindings: Binding[] = [];
    for (let i = 0; i < bindingCount; i++) {
      const line = this.num();
      const kind = KINDS[this.num()];
      const arity = this.num();
      check(kind !== undefined && arity >= 0 && arity <= 2);
      const binding: Binding = { name: this.str(), line, kind };
      if (arity > 0) binding.from = arity === 2 ? { module: this.str(), name: this.str() } : { module: this.str() };
      bindings.push(binding);
    }
    return { module, isPackage, bindings, ...(all ? { all } : {}), ...(open ? { open } : {}) };
  }

  private statement(guarded: number[]): AnyImport {
    const kind = this.num();
    const flags = this.num();
    const scope = this.num();
    check(kind === 0 || kind === 1);
    const span = this.span();
    if ((flags & 2) !== 0) guarded.push(span.start);
    const suppression = this.suppression();
    const recovered = (flags & 1) !== 0;
    let statement: AnyImport;
    if (kind === 0) statement = { kind: 'import', span, modules: this.items(), recovered };
    else {
      const level = this.num();
      const module = this.str();
      const moduleSpan = this.span();
      const wildcard = this.num() === 1 ? this.span() : undefined;
      statement = { kind: 'from', span, level, module, moduleSpan, names: this.items(), recovered };
      if (wildcard) statement.wildcard = wildcard;
    }
    // optional keys only when set, as extractImports leaves them
    if (suppression !== undefined) statement.suppression = suppression;
    if (scope !== -1) statement.scope = scope;
    return statement;
  }

  private items(): ImportedName[] {
    const items: ImportedName[] = [];
    for (let i = 0, count = this.count(); i < count; i++) {
      const span = this.span();
      const itemEnd = span.end + this.num();
      const hasAlias = this.num() === 1;
      const name = this.str();
      items.push(hasAlias ? { name, span, itemEnd, alias: this.str() } : { name, span, itemEnd });
    }
    return items;
  }

  private span(): Span {
    const start = this.num();
    const line = this.num();
    const character = this.num();
    const fourth = this.num();
    if (fourth >= 0) return { start, end: start + fourth, range: { start: { line, character }, end: { line, character: character + fourth } } };
    const endLine = this.num();
    const endCharacter = this.num();
    return { start, end: -fourth, range: { start: { line, character }, end: { line: endLine, character: endCharacter } } };
  }

  private suppression(): Suppression | undefined {
    const n = this.num();
    if (n === -1) return undefined;
    if (n === -2) return 'all';
    return new Set(Array.from({ length: this.checkedCount(n) }, () => this.str()));
  }

  private num(): number {
    const v = this.nums[this.n++];
    check(typeof v === 'number');
    return v;
  }

  private count(): number {
    return this.checkedCount(this.num());
  }

  private checkedCount(n: number): number {
    check(Number.isInteger(n) && n >= 0 && n <= this.nums.length + this.strs.length);
    return n;
  }

  private str(): string {
    const v = this.strs[this.s++];
    const string = typeof v === 'number' && this.table ? this.table[v] : typeof v === 'string' && !this.table ? v : undefined;
    check(string !== undefined);
    return string;
  }
}

function check(ok: boolean): asserts ok {
  if (!ok) throw new Error('malformed index cache');
}
