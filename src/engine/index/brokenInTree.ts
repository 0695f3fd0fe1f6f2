/**
 * The SSOT002/SSOT003 findings of a parsed file, as the editor and the CLI report them: imports
 * guarded by `except ImportError` are left alone (the code expects them to fail), and an import
 * the registry already flags (SSOT001) is not reported twice — its registry message says more.
 */
import type { ImportMatch } from '../check';
import type { FileModule } from '../modules';
import type { AnyImport, ImportedName } from '../python/imports';
import type { Tree } from '../python/parser';
import type { Registry } from '../registry/registry';
import { findBrokenImports, type BrokenImport } from './brokenImports';
import { guardedImports } from './importGuards';
import type { ModuleIndex } from './moduleIndex';

export function brokenImportsInTree(
  tree: Tree,
  imports: readonly AnyImport[],
  fileModule: FileModule | undefined,
  index: ModuleIndex,
  registry?: Registry,
  deprecated: readonly ImportMatch[] = [],
): BrokenImport[] {
  const flaggedItems = new Set<ImportedName>(deprecated.flatMap((m) => m.items));
  const flaggedModules = new Set<AnyImport>(deprecated.filter((m) => m.statement.kind === 'from' && m.finding.range === m.statement.moduleSpan.range).map((m) => m.statement));
  return findBrokenImports(imports, fileModule, index, registry, { guarded: guardedImports(tree) }).filter((b) =>
    b.item ? !flaggedItems.has(b.item) : !flaggedModules.has(b.statement),
  );
}
