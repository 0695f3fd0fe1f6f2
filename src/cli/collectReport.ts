/** Text and JSON output of `ssot-imports collect`. */
import { relative } from 'node:path';
import { headline, leaves, type CollectionError, type CollectResult, type Collected, type ErrorDetail, type TestNode } from '../engine/collect';

export const COLLECT_JSON_VERSION = 1;

/**
 * `{version, status, tests, testFiles, filesWithErrors, successRate, runs}`: one run per pytest
 * rootdir, each a CollectResult with absolute paths (node ids stay relative to its rootdir).
 */
export function collectJson(results: readonly CollectResult[]) {
  const collected = results.filter((r): r is Collected => r.status !== 'could-not-run');
  const files = collected.flatMap((r) => r.files);
  return {
    version: COLLECT_JSON_VERSION,
    status: overallStatus(results),
    tests: collected.reduce((n, r) => n + r.testCount, 0),
    testFiles: files.length,
    filesWithErrors: files.filter((f) => f.errors.length > 0).length,
    successRate: files.length === 0 ? null : files.filter((f) => f.errors.length === 0).length / files.length,
    runs: results,
  };
}

function overallStatus(results: readonly CollectResult[]): CollectResult['status'] {
  const order: CollectResult['status'][] = ['could-not-run', 'errors', 'no-tests', 'ok'];
  return order.find((s) => results.some((r) => r.status === s)) ?? 'ok';
}

export interface TextOptions {
  /** Paths are printed relative to this folder (clickable `file:line` in a terminal). */
  cwd: string;
  /** Print each file's tests as a tree (when the command named files, not folders). */
  showTree: boolean;
}

/** What goes to stdout (collected files and errors) and to stderr (why pytest could not run). */
export function collectText(results: readonly CollectResult[], options: TextOptions): { out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const rel = (file: string) => relative(options.cwd, file) || file;
  for (const result of results) {
    if (result.status === 'could-not-run') {
      err.push(`error: ${result.message}`);
      if (result.detail) err.push(...frameLines(result.detail, rel));
      continue;
    }
    for (const file of result.files) {
      for (const error of file.errors) out.push(errorLine(error, rel), ...errorContext(error, rel));
      if (file.errors.length > 0) continue;
      out.push(`${rel(file.file)}: ${file.tests === 0 ? 'no tests' : plural(file.tests, 'test')}`);
      if (options.showTree) out.push(...treeLines(treeOf(result, file.nodeid), '  '));
    }
    out.push(runSummary(result, rel));
  }
  return { out: out.join('\n'), err: err.join('\n') };
}

/** `file:line: Type: message`, at the failing import when there is one. */
function errorLine(error: CollectionError, rel: (f: string) => string): string {
  const file = error.file ?? error.nodeid;
  const ownFrame = error.frames.filter((f) => f.file === file).at(-1);
  const at = error.importLine
    ? `:${error.importLine.line}`
    : error.location?.file === file && error.location.line
      ? `:${error.location.line}${error.location.column ? `:${error.location.column}` : ''}`
      : ownFrame
        ? `:${ownFrame.line}`
        : '';
  return `${rel(file)}${at}: ${headline(error)}`;
}

/** The failing statement, then the frames it went through outside the file. */
function errorContext(error: ErrorDetail, rel: (f: string) => string): string[] {
  const lines: string[] = [];
  const statement = error.importLine?.text ?? (error.location?.file === error.file ? error.location?.text : undefined);
  if (statement) lines.push(...statement.split('\n').map((l) => `    ${l.trimEnd()}`));
  for (const frame of error.frames.filter((f) => f.file !== error.file)) lines.push(`    at ${rel(frame.file)}:${frame.line} in ${frame.function}`);
  if (error.location && error.location.file !== error.file) lines.push(`    at ${rel(error.location.file)}:${error.location.line ?? '?'}`);
  return lines;
}

/** The frames of a conftest / configuration error (its statement is already in the message). */
function frameLines(detail: ErrorDetail, rel: (f: string) => string): string[] {
  return detail.frames.map((f) => `    at ${rel(f.file)}:${f.line} in ${f.function}`);
}

function treeOf(result: Collected, moduleNodeid: string): TestNode[] {
  return result.tree.find((n) => n.nodeid === moduleNodeid)?.children ?? [];
}

function treeLines(nodes: readonly TestNode[], indent: string): string[] {
  const lines: string[] = [];
  for (const node of nodes) {
    const name = node.kind === 'param' ? `[${node.label ?? node.param}]` : node.name;
    const marks = (node.markers ?? []).map((m) => `${m.name}${m.reason ? `: ${m.reason}` : ''}`);
    lines.push(`${indent}${name}${marks.length > 0 ? `  (${marks.join('; ')})` : ''}`);
    lines.push(...treeLines(node.children, `${indent}  `));
  }
  return lines;
}

function runSummary(result: Collected, rel: (f: string) => string): string {
  const where = [`pytest ${result.pytestVersion}`, `rootdir ${rel(result.rootdir) || '.'}`, ...(result.inifile ? [rel(result.inifile)] : []), `${(result.elapsedMs / 1000).toFixed(2)} s`];
  const tests = [...leaves(result.tree)].length;
  const truncated = result.truncated ? ` (tree cut at ${tests} of ${result.testCount} tests)` : '';
  return `${result.message}${truncated} [${where.join(', ')}]`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
