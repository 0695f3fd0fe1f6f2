/** Per-file results, success rate and the plain-words summary of a completed collection. */
import { basename, relative } from 'node:path';
import type { PluginDocument } from './pluginDocument';
import type { CollectionError, CollectStatus, ErrorDetail, FileResult, TestNode } from './types';

export function fileResults(doc: PluginDocument): FileResult[] {
  const byFile = new Map<string, FileResult>();
  const entry = (file: string, nodeid: string) => {
    let found = byFile.get(file);
    if (!found) byFile.set(file, (found = { file, nodeid, tests: 0, errors: [] }));
    return found;
  };
  for (const m of doc.modules) entry(m.file, m.nodeid);
  for (const leaf of leaves(doc.tree)) entry(leaf.file, leaf.nodeid.split('::')[0]!).tests++;
  // An error on a folder (its conftest.py failed) counts as a file of its own: it stopped collection there.
  for (const error of doc.errors) entry(error.file ?? error.nodeid, error.nodeid).errors.push(error);
  return [...byFile.values()].sort(worstFirst);
}

function worstFirst(a: FileResult, b: FileResult): number {
  return b.errors.length - a.errors.length || Number(a.tests > 0) - Number(b.tests > 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

/** Test items: the tree's leaves (a parametrized function's group is not one). */
export function* leaves(nodes: readonly TestNode[]): Generator<TestNode> {
  for (const node of nodes) {
    if (node.children.length === 0 && node.kind !== 'module' && node.kind !== 'class' && node.kind !== 'package') yield node;
    else yield* leaves(node.children);
  }
}

export function successRate(files: readonly FileResult[]): number | null {
  return files.length === 0 ? null : files.filter((f) => f.errors.length === 0).length / files.length;
}

export function statusOf(doc: PluginDocument): CollectStatus {
  return doc.errors.length > 0 ? 'errors' : doc.testCount === 0 ? 'no-tests' : 'ok';
}

export function summaryMessage(doc: PluginDocument, files: readonly FileResult[], paths: readonly string[], cwd: string): string {
  const status = statusOf(doc);
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (status === 'ok') return `Collected ${n(doc.testCount, 'test')} from ${n(files.length, 'file')}.`;
  if (status === 'errors') {
    const failed = files.filter((f) => f.errors.length > 0);
    if (files.length === 1) {
      const file = failed[0]!.file;
      const verb = basename(file) === 'conftest.py' ? 'could not be imported' : 'could not be collected';
      return `${relative(cwd, file) || file} ${verb}: ${headline(failed[0]!.errors[0]!)}`;
    }
    const rate = Math.round((successRate(files) ?? 0) * 100);
    return `${failed.length} of ${n(files.length, 'test file')} could not be collected (success rate ${rate}%); ${n(doc.testCount, 'test')} collected from the others.`;
  }
  return noTestsMessage(doc, paths, cwd);
}

/** The first line of an error's message, after its type: `ImportError: cannot import name …`. */
export function errorLabel(error: Pick<ErrorDetail, 'type' | 'message'>): string {
  // the message's first line, without the module's absolute path that ImportError appends
  const first = (error.message.split('\n')[0] ?? '').replace(/ \((?:\/|[A-Za-z]:\\)[^()]*\)$/, '');
  return first ? `${error.type}: ${first}` : error.type;
}

export function headline(error: CollectionError): string {
  return `${error.type}: ${error.message.split('\n')[0]}`;
}

/** Why nothing was collected, naming what pytest looks for under this project's settings. */
function noTestsMessage(doc: PluginDocument, paths: readonly string[], cwd: string): string {
  const globs = (values: string[] | null | undefined, fallback: string[]) => (values ?? fallback).map((v) => (/[*?[]/.test(v) ? v : `${v}*`)).join(', ');
  const functions = globs(doc.ini?.python_functions, ['test']);
  const classes = globs(doc.ini?.python_classes, ['Test']);
  const files = (doc.ini?.python_files ?? ['test_*.py', '*_test.py']).join(', ');
  const what = paths.map((p) => relative(cwd, p) || basename(p)).join(', ');
  if (doc.modules.length === 0) {
    return `No tests in ${what}: pytest found no test files there (python_files: ${files}).`;
  }
  return `No tests in ${what}: pytest collects functions named ${functions} at module level or in classes named ${classes} without an __init__ method, and found none.`;
}
