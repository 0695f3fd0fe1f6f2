/**
 * The SSOT002/SSOT003 findings of a parsed file, as the editor reports them (the CLI gets the
 * same from cached facts): imports guarded by `except ImportError` are left alone (the code
 * expects them to fail), and an import the registry already flags (SSOT001) is not reported
 * twice — its registry message says more.
 */
import type { ImportMatch } from '../check';
import type { FileModule } from '../modules';
import type { AnyImport } from '../python/imports';
import type { Tree } from '../python/parser';
import type { Registry } from '../registry/registry';
import { findBrokenImports, notFlaggedByRegistry, type BrokenImport } from './brokenImports';
import { guardedAmong } from './importGuards';
import type { ModuleIndex } from './moduleIndex';

export function brokenImportsInTree(
  tree: Tree,
  imports: readonly AnyImport[],
  fileModule: FileModule | undefined,
  index: ModuleIndex,
  registry?: Registry,
  deprecated: readonly ImportMatch[] = [],
): BrokenImport[] {
  const guarded = new Set(guardedAmong(tree, imports));
  return notFlaggedByRegistry(findBrokenImports(imports, fileModule, index, registry, { guarded }), deprecated);
}
