/** Finds the Python files to check, skipping what git and Python tooling would not consider source. */

import type { Dirent } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { describeFsError } from './readSource';

/** Directory names that never hold the project's own sources. */
const SKIPPED_DIRS = new Set([
  '.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', '.mypy_cache',
  '.pytest_cache', '.ruff_cache', '.venv', 'venv', 'site-packages', 'dist-packages',
]);

// git matches case-insensitively where the file system usually is (core.ignorecase).
const IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

export interface DiscoverOptions {
  /** Called for a given path that does not exist, or a directory or .gitignore that cannot be read. */
  onUnreadable?: (absPath: string, reason: string) => void;
  /** Called with every directory read and its entries, before any is filtered out (what a result cache must see unchanged). */
  onListing?: (dir: string, entries: readonly Dirent[]) => void;
}

/**
 * Absolute paths of the `*.py` and `*.pyi` files under `paths` (resolved against `root`; none
 * means `root`), sorted by POSIX path, without duplicates.
 *
 * A path given explicitly is never excluded itself: a file is returned whatever its name, and a
 * directory is walked even if ignored (then without the ignore rules above it). Inside walked
 * directories, skipped are: the SKIPPED_DIRS names, any directory holding a `pyvenv.cfg`
 * (a virtualenv, whatever its name), what `.gitignore` files exclude (the root's and nested ones,
 * each relative to its own directory, as git does), and directory symlinks (no cycles).
 * Never throws for file-system errors: they go to `onUnreadable`.
 */
export async function discoverPythonFiles(
  root: string,
  paths: string[],
  { onUnreadable = () => {}, onListing }: DiscoverOptions = {},
): Promise<string[]> {
  root = resolve(root);
  const found = new Set<string>();

  const walk = async (dir: string, rel: string, rules: Ignore, explicit: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      onUnreadable(dir, describeFsError(err));
      return;
    }
    onListing?.(dir, entries);
    if (!explicit && entries.some((e) => e.name === 'pyvenv.cfg')) return;
    if (entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      rules = ignore({ ignorecase: IGNORE_CASE }).add(rules).add(await gitignorePatterns(dir, rel, onUnreadable));
    }
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Follow links to files only: a directory link can loop back on itself.
        isFile = await stat(abs).then((s) => s.isFile(), () => false);
      }
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !rules.ignores(`${childRel}/`)) {
          subdirs.push(walk(abs, childRel, rules, false));
        }
      } else if (isFile && /\.pyi?$/.test(entry.name) && !rules.ignores(childRel)) {
        found.add(abs);
      }
    }
    await Promise.all(subdirs);
  };

  for (const p of paths.length > 0 ? paths : [root]) {
    const abs = resolve(root, p);
    let isDir: boolean;
    try {
      isDir = (await stat(abs)).isDirectory();
    } catch (err) {
      onUnreadable(abs, describeFsError(err));
      continue;
    }
    if (!isDir) {
      found.add(abs);
      continue;
    }
    // Ignore rules are matched against paths relative to `base`: the root, or the directory
    // itself when it lies outside the root.
    const base = isInside(root, abs) ? root : abs;
    const rel = toPosix(relative(base, abs));
    let rules = await ancestorRules(base, rel, onUnreadable);
    if (rel !== '' && rules.ignores(`${rel}/`)) rules = ignore({ ignorecase: IGNORE_CASE });
    await walk(abs, rel, rules, true);
  }

  // sort keys computed once per path, not on every comparison (10,000 files: ~130,000 comparisons)
  const keyed = [...found].map((path) => ({ path, key: toPosix(path) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.path);
}

/** The rules of the .gitignore files in `base` and every directory down to (not including) `rel`. */
async function ancestorRules(
  base: string,
  rel: string,
  onUnreadable: (absPath: string, reason: string) => void,
): Promise<Ignore> {
  const rules = ignore({ ignorecase: IGNORE_CASE });
  if (rel === '') return rules;
  const segments = rel.split('/');
  for (let i = 0; i < segments.length; i++) {
    const dirRel = segments.slice(0, i).join('/');
    rules.add(await gitignorePatterns(join(base, ...segments.slice(0, i)), dirRel, onUnreadable));
  }
  return rules;
}

/** `dir/.gitignore` rewritten to apply from the walk's base (`dirRel` is `dir` relative to it). */
async function gitignorePatterns(
  dir: string,
  dirRel: string,
  onUnreadable: (absPath: string, reason: string) => void,
): Promise<string[]> {
  const file = join(dir, '.gitignore');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') onUnreadable(file, describeFsError(err));
    return [];
  }
  const patterns: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const scoped = scopePattern(line, dirRel);
    if (scoped !== undefined) patterns.push(scoped);
  }
  return patterns;
}

/**
 * A .gitignore line of directory `dirRel`, rewritten to match paths relative to the base.
 * Appending deeper files' patterns after shallower ones then gives git's precedence, and one
 * matcher sees each path whole, so a directory re-included below is not excluded from above.
 */
function scopePattern(line: string, dirRel: string): string | undefined {
  if (dirRel === '') return line;
  if (line.trim() === '' || line.startsWith('#')) return undefined;
  const negated = line.startsWith('!');
  let body = negated ? line.slice(1) : line;
  // gitignore(5): a slash at the start or in the middle ties the pattern to its directory;
  // otherwise it matches at any depth below it.
  const anchored = body.trimEnd().replace(/\/+$/, '').includes('/');
  body = body.replace(/^\/+/, '');
  if (body.trim() === '') return undefined;
  return `${negated ? '!' : ''}${escapeGlob(dirRel)}${anchored ? '/' : '/**/'}${body}`;
}

/** A literal path as a gitignore pattern prefix. */
function escapeGlob(path: string): string {
  return path.replace(/[\\*?[\]]/g, '\\$&').replace(/^[!#]/, '\\$&');
}

function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
