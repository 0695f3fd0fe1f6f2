/**
 * Runs `python -m pytest --collect-only` with the ssot_collect plugin and turns what it reports
 * into a CollectResult. pytest runs from the rootdir (so the project's configuration and
 * conftests apply) and writes nothing into the project: no cache (-p no:cacheprovider), no
 * bytecode (PYTHONDONTWRITEBYTECODE), its report in a temporary folder.
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { configError, conftestMessage, diagnoseFromStderr, pythonMissing, type Diagnosis } from './diagnose';
import { untilExit } from './exitCleanup';
import { installPytestCommand, interpreterCommand } from './interpreter';
import { readPluginDocument, type PluginDocument } from './pluginDocument';
import { runInProcessGroup, type GroupRun } from './processGroup';
import { findRootdir } from './rootdir';
import { fileResults, statusOf, successRate, summaryMessage } from './summary';
import type { CollectOptions, CollectResult, CouldNotRun } from './types';

export const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_KILL_GRACE_MS = 2_000;
const MAX_OUTPUT_BYTES = 1024 * 1024;
export const PLUGIN_MODULE = 'ssot_collect';

export async function runCollection(options: CollectOptions): Promise<CollectResult> {
  const base = options.cwd ?? process.cwd();
  const paths = options.paths.map((p) => resolve(base, p));
  const located = findRootdir(paths);
  const cwd = options.cwd !== undefined ? resolve(options.cwd) : located.rootdir;
  const baseEnv = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const outDir = await mkdtemp(join(tmpdir(), 'ssot-collect-'));
  const outFile = join(outDir, 'collection.json');
  const forget = untilExit(() => rmSync(outDir, { recursive: true, force: true }));
  try {
    const run = await runInProcessGroup(
      interpreterCommand(options.python),
      ['-m', 'pytest', '-p', PLUGIN_MODULE, '-p', 'no:cacheprovider', '--collect-only', '-q', ...paths],
      {
        cwd,
        env: collectionEnv(baseEnv, outFile),
        timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        killGraceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
        maxOutputBytes: MAX_OUTPUT_BYTES,
      },
    );
    const doc = run.ended === 'exit' && !run.spawnError ? await readPluginDocument(outFile) : undefined;
    return interpret(run, doc, { python: options.python, cwd, paths, timeoutMs, env: baseEnv, inifile: located.rootdir === cwd ? located.inifile : null });
  } finally {
    forget();
    await rm(outDir, { recursive: true, force: true });
  }
}

interface RunContext {
  python: string;
  cwd: string;
  paths: string[];
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  inifile: string | null;
}

function interpret(run: GroupRun, doc: PluginDocument | undefined, ctx: RunContext): CollectResult {
  const couldNotRun = (d: Diagnosis): CouldNotRun => ({
    status: 'could-not-run',
    ...d,
    python: ctx.python,
    cwd: ctx.cwd,
    ...(doc ? { pytestVersion: doc.pytestVersion, rootdir: doc.rootdir ?? ctx.cwd, inifile: doc.inifile } : {}),
    stderr: run.stderr,
    elapsedMs: run.elapsedMs,
  });
  if (run.ended === 'timeout') {
    const seconds = Math.round(ctx.timeoutMs / 100) / 10;
    return couldNotRun({
      reason: 'timeout',
      message: `pytest did not finish collecting within ${seconds} s and was stopped, with every process it started. Something blocks while importing — a conftest.py or test module waiting on the network, a database, a lock or input(). If collection is just slow, allow more time (--timeout).`,
    });
  }
  if (run.ended === 'cancelled') {
    return couldNotRun({ reason: 'cancelled', message: 'Collection was cancelled; pytest and every process it started were stopped.' });
  }
  if (run.spawnError) {
    const code = run.spawnError.code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR') return couldNotRun(pythonMissing(ctx.python, code === 'EACCES' ? 'not executable' : 'no such file'));
    return couldNotRun({ reason: 'crashed', message: `Could not start ${ctx.python}: ${run.spawnError.message}` });
  }
  const inifile = doc?.inifile ?? ctx.inifile;
  switch (doc?.stage) {
    case 'conftest-error':
      return couldNotRun({ reason: 'conftest-error', message: conftestMessage(doc.fatal!, ctx.cwd), detail: doc.fatal! });
    case 'config-error':
      return couldNotRun({ ...configError(doc.fatal?.message ?? run.stderr, { python: ctx.python, inifile }), ...(doc.fatal ? { detail: doc.fatal } : {}) });
    case 'internal-error':
      return couldNotRun({
        reason: 'crashed',
        message: `pytest crashed (internal error): ${doc.fatal ? `${doc.fatal.type}: ${doc.fatal.message.split('\n')[0]}` : 'see its output'}`,
        ...(doc.fatal ? { detail: doc.fatal } : {}),
      });
    case 'collected':
      // pytest 7 checks --strict-config after the plugin's last hook: only the exit status and stderr tell.
      if (doc.exitstatus === 4) return couldNotRun(diagnoseFromStderr(run.stderr, 4, diagnoseContext(ctx, inifile)));
      return collected(doc, run, ctx);
    default:
      return couldNotRun(diagnoseFromStderr(run.stderr, run.code, diagnoseContext(ctx, inifile)));
  }
}

function collected(doc: PluginDocument, run: GroupRun, ctx: RunContext): CollectResult {
  const files = fileResults(doc);
  return {
    status: statusOf(doc),
    message: summaryMessage(doc, files, ctx.paths, ctx.cwd),
    python: ctx.python,
    pythonExecutable: doc.pythonExecutable,
    pythonVersion: doc.pythonVersion,
    pytestVersion: doc.pytestVersion,
    rootdir: doc.rootdir ?? ctx.cwd,
    inifile: doc.inifile,
    cwd: ctx.cwd,
    tree: doc.tree,
    testCount: doc.testCount,
    truncated: doc.truncated,
    errors: doc.errors,
    files,
    successRate: successRate(files),
    pytestMs: doc.durationMs,
    elapsedMs: run.elapsedMs,
    pluginErrors: doc.pluginErrors ?? [],
  };
}

function diagnoseContext(ctx: RunContext, inifile: string | null) {
  return { python: ctx.python, cwd: ctx.cwd, inifile, installCommand: installPytestCommand(ctx.python, ctx.env) };
}

/** The plugin on PYTHONPATH (before the project's own entries), its report file, and no bytecode. */
function collectionEnv(base: NodeJS.ProcessEnv, outFile: string): NodeJS.ProcessEnv {
  return {
    ...base,
    PYTHONPATH: [pluginDir(), base['PYTHONPATH']].filter(Boolean).join(delimiter),
    PYTHONDONTWRITEBYTECODE: '1',
    SSOT_COLLECT_OUT: outFile,
    // pytest's error lines are read (see diagnose.ts); no colour codes in them
    PY_COLORS: '0',
  };
}

let cachedPluginDir: string | undefined;

/**
 * The folder holding the plugin (ssot_collect.py and its two helper modules): dist/pytest-plugin
 * next to the bundle (scripts/build.mjs copies it there), or ./plugin when running from source.
 */
export function pluginDir(): string {
  if (cachedPluginDir) return cachedPluginDir;
  const candidates = [join(__dirname, 'pytest-plugin'), join(__dirname, 'plugin')];
  const found = candidates.find((dir) => existsSync(join(dir, `${PLUGIN_MODULE}.py`)));
  if (!found) throw new Error(`the pytest plugin ${PLUGIN_MODULE}.py is missing: looked in ${candidates.join(', ')}`);
  return (cachedPluginDir = found);
}
