/** Module names of files and absolute names of relative imports, from the source roots. */
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface FileModule {
  /** Dotted module name (`pkg.sub.mod`; `pkg` for pkg/__init__.py). */
  name: string;
  /** True for a package's `__init__.py(i)`. */
  isPackage: boolean;
}

/**
 * The module a file defines, from the deepest source root that contains it; undefined when no
 * root contains it or its path is not a valid module path.
 */
export function moduleOfFile(file: string, sourceRoots: readonly string[]): FileModule | undefined {
  let best: string | undefined;
  for (const root of sourceRoots) {
    // the common case (absolute, normalised paths) without path.relative, which is slow in bulk;
    // a segment starting with a dot may be `.` or `..`: then path.relative decides
    const prefix = root.endsWith(sep) ? root : root + sep;
    const below = file.startsWith(prefix) ? file.slice(prefix.length) : undefined;
    if (below === undefined && sep === '/' && plainAbsolute(file) && plainAbsolute(root)) continue; // not below it (POSIX paths compare exactly)
    const rel = below !== undefined && !below.startsWith('.') && !below.includes(`${sep}.`) ? below : relative(root, file);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
    if (best === undefined || rel.length < best.length) best = rel;
  }
  if (best === undefined) return undefined;
  const parts = best.split(sep);
  const last = parts.pop()!.replace(/\.pyi?$/, '');
  const isPackage = last === '__init__';
  if (!isPackage) parts.push(last);
  if (parts.length === 0 || parts.some((p) => p === '' || p.includes('.'))) return undefined;
  return { name: parts.join('.').normalize('NFKC'), isPackage };
}

/**
 * `file` relative to `dir` when it lies below it and both are plain absolute POSIX paths (what
 * path.resolve and path.join return): a prefix, without path.relative, which is slow in bulk.
 * Undefined when that cannot be told so cheaply (then path.relative decides).
 */
export function plainBelow(dir: string, file: string): string | undefined {
  if (sep !== '/' || !plainAbsolute(dir) || !plainAbsolute(file)) return undefined;
  const prefix = dir === '/' ? '/' : `${dir}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : undefined;
}

/** An absolute POSIX path without `.`/`..` segments, doubled or trailing slashes: what path.resolve returns. */
function plainAbsolute(path: string): boolean {
  return path.startsWith('/') && !path.includes('/.') && !path.includes('//') && (path.length === 1 || !path.endsWith('/'));
}

/** `from ..x import y` in `file` → the absolute module, or undefined when it climbs above the root. */
export function resolveRelative(level: number, module: string, file: FileModule | undefined): string | undefined {
  if (level === 0) return module;
  if (!file) return undefined;
  const pkg = file.name.split('.');
  if (!file.isPackage) pkg.pop();
  const keep = pkg.length - (level - 1);
  if (keep <= 0) return undefined;
  const base = pkg.slice(0, keep).join('.');
  return module === '' ? base : `${base}.${module}`;
}

/** Source roots made absolute against the workspace root, without duplicates. */
export function normaliseRoots(workspaceRoot: string, roots: readonly string[]): string[] {
  return [...new Set(roots.map((r) => resolve(workspaceRoot, r)))];
}
