/**
 * Modules that exist on disk beside the indexed ones but were not indexed: git-ignored or
 * generated files (`*_pb2.py`), compiled extensions, folders without Python files (namespace
 * packages). Without them an import of a generated module would be reported as missing.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModuleIndex } from './moduleIndex';

const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
/** `name.py`, `name.pyi`, `name.pyc`, `name.so`, `name.cpython-311-x86_64-linux-gnu.so`, `name.pyd` */
const IMPORTABLE_FILE = /^([^.]+)(?:\.[\w-]+)?\.(?:py|pyi|pyc|pyd|so)$/u;

/**
 * Lists every package folder of the index and records what else is importable there; each
 * listing read goes to `onListing` too (the index depends on these folders' entries).
 */
export async function addUnparsedModules(index: ModuleIndex, onListing?: (dir: string, entries: readonly Dirent[]) => void): Promise<void> {
  // package folder → its module; folders of files outside packages (the source roots) are skipped
  const folders = new Map<string, string>();
  for (const [file, summary] of index.files()) {
    const segments = summary.module.split('.');
    if (!summary.isPackage) segments.pop();
    for (let dir = dirname(file); segments.length > 0 && !folders.has(dir); dir = dirname(dir)) {
      folders.set(dir, segments.join('.'));
      segments.pop();
    }
  }
  await Promise.all(
    [...folders].map(async ([dir, module]) => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      onListing?.(dir, entries);
      for (const entry of entries) {
        // a link may point to a folder: its name counts as is
        const stem = entry.isDirectory() ? entry.name : (IMPORTABLE_FILE.exec(entry.name)?.[1] ?? (entry.isSymbolicLink() ? entry.name : undefined));
        if (stem === undefined || stem === '__pycache__' || stem === '__init__' || !IDENTIFIER.test(stem)) continue;
        const child = `${module}.${stem.normalize('NFKC')}`;
        // a file that is not indexed makes even an indexed module partly unknown (`_ext.pyi` beside `_ext.so`)
        if (entry.isDirectory() ? !index.exists(child) : !index.summaryOf(join(dir, entry.name))) index.addUnparsed(child);
      }
    }),
  );
}
