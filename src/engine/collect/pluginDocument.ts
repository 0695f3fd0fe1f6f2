/**
 * The JSON document plugin/ssot_collect.py writes (schema 1), and reading it back. The plugin
 * is the only writer, so the check here is a shape check that turns a foreign or truncated file
 * into "no document" rather than a crash.
 */
import { readFile, stat } from 'node:fs/promises';
import type { CollectionError, ErrorDetail, TestNode } from './types';

export const PLUGIN_SCHEMA = 1;
/** A document larger than this is not read (the plugin bounds itself far below it). */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

export type PluginStage = 'collected' | 'conftest-error' | 'config-error' | 'internal-error' | 'configured' | 'aborted';

export interface PluginDocument {
  schema: number;
  stage: PluginStage;
  pytestVersion: string;
  pythonVersion: string;
  pythonExecutable: string;
  rootdir: string | null;
  inifile: string | null;
  /** pytest's exit status as pytest_sessionfinish saw it (4 = usage error, 5 = no tests). */
  exitstatus: number | null;
  durationMs: number;
  /** Ini values that decide what pytest collects, for explaining an empty collection. */
  ini: { python_files: string[] | null; python_classes: string[] | null; python_functions: string[] | null } | null;
  testCount: number;
  truncated: boolean;
  tree: TestNode[];
  /** Every test module pytest started collecting, including those that failed. */
  modules: { nodeid: string; file: string }[];
  errors: CollectionError[];
  errorsDropped: number;
  fatal: ErrorDetail | null;
  /** The plugin's own failures, caught so that pytest still runs; the tree may be incomplete. */
  pluginErrors: string[];
}

/** The document at `file`, or undefined when there is none (pytest stopped before the plugin loaded). */
export async function readPluginDocument(file: string): Promise<PluginDocument | undefined> {
  try {
    if ((await stat(file)).size > MAX_DOCUMENT_BYTES) return undefined;
    const value = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return isPluginDocument(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isPluginDocument(value: unknown): value is PluginDocument {
  if (typeof value !== 'object' || value === null) return false;
  const doc = value as Partial<PluginDocument>;
  return doc.schema === PLUGIN_SCHEMA && typeof doc.stage === 'string' && Array.isArray(doc.tree) && Array.isArray(doc.errors) && Array.isArray(doc.modules);
}
