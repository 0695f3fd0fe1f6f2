/**
 * The "Test Collection" tree's items, built from a CollectResult: file → classes → functions →
 * parametrized ids, collection errors with their traceback frames, and the plain-words message
 * when pytest could not run. No `vscode` import here.
 */
import * as path from 'node:path';
import type { CollectionError, CollectResult, FileResult, Frame, TestNode } from '../../engine/collect/types';

export type CollectionItem =
  | { kind: 'file'; file: FileResult; node: TestNode | undefined; expanded: boolean }
  | { kind: 'test'; node: TestNode }
  | { kind: 'error'; error: CollectionError | ErrorLike }
  | { kind: 'frame'; frame: Frame }
  | { kind: 'message'; text: string; icon: 'warning' | 'info' | 'terminal' | 'error'; tooltip?: string; children?: CollectionItem[] };

/** An error without a node id (a conftest's, when pytest could not run). */
export type ErrorLike = Omit<CollectionError, 'nodeid'>;

export const isTestFileName = (file: string): boolean => /^test_.*\.py$/.test(path.basename(file)) || /_test\.py$/.test(path.basename(file));

/** The module nodes of the tree (packages are walked through), by node id. */
function modulesByNodeid(tree: TestNode[]): Map<string, TestNode> {
  const modules = new Map<string, TestNode>();
  const walk = (nodes: TestNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'module') modules.set(node.nodeid, node);
      else if (node.kind === 'package') walk(node.children);
    }
  };
  walk(tree);
  return modules;
}

/** The root items for a result; `folder`: a folder collection (files start collapsed unless they failed). */
export function rootItems(result: CollectResult | undefined, folder: boolean): CollectionItem[] {
  if (!result) return [];
  if (result.status === 'could-not-run') {
    const children: CollectionItem[] = [];
    if (result.installCommand) children.push({ kind: 'message', text: result.installCommand, icon: 'terminal', tooltip: 'Run this command to install pytest for this interpreter' });
    if (result.detail) children.push({ kind: 'error', error: result.detail });
    return [{ kind: 'message', text: result.message, icon: 'warning', tooltip: result.message, children }];
  }
  const modules = modulesByNodeid(result.tree);
  const items: CollectionItem[] = result.files.map((file) => ({
    kind: 'file',
    file,
    node: modules.get(file.nodeid),
    expanded: !folder || file.errors.length > 0,
  }));
  if (result.status === 'no-tests') items.push({ kind: 'message', text: result.message, icon: 'info', tooltip: result.message });
  return items;
}

export function childItems(item: CollectionItem): CollectionItem[] {
  switch (item.kind) {
    case 'file':
      return [...item.file.errors.map((error): CollectionItem => ({ kind: 'error', error })), ...(item.node?.children ?? []).map((node): CollectionItem => ({ kind: 'test', node }))];
    case 'test':
      return item.node.children.map((node) => ({ kind: 'test', node }));
    case 'error':
      return item.error.frames.map((frame) => ({ kind: 'frame', frame }));
    case 'message':
      return item.children ?? [];
    case 'frame':
      return [];
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The view's description: `12 tests · 1 error · 0.41 s` (and the success rate of a folder). */
export function describeResult(result: CollectResult | undefined, folder: boolean): string {
  if (!result) return '';
  const seconds = `${(result.elapsedMs / 1000).toFixed(2)} s`;
  if (result.status === 'could-not-run') return `could not run · ${seconds}`;
  const parts = [plural(result.testCount, 'test'), plural(result.errors.length, 'error')];
  if (folder && result.successRate !== null) parts.push(`${Math.round(result.successRate * 100)}% of files ok`);
  parts.push(seconds);
  return parts.join(' · ');
}

