// `npm run bench` (issue 6, "Performance"): one run on one generated monorepo measures the read
// floor, Ruff-wasm as the peer, our cold and warm `check`, and per-edit latency and memory of the
// language server; writes bench/results.json, prints a markdown table and puts it in README.md.
//
//   node scripts/bench/run.mjs [--dir DIR] [--runs N] [--edits N] [--files N] [--no-probe] [--no-readme]
//
// --files N generates a smaller repo of the same make-up (same MB per file) for a quick try; the
// numbers to compare with the targets come from the default 10,000 files.
// Expects a built dist/ (the npm script builds first). Progress goes to stderr, the table to stdout.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { cliFeatures, CLI, timedCheck } from './cli.mjs';
import { DEFAULT_DIR, DEFAULTS, ensureMonorepo, REPO_ROOT } from './generateMonorepo.mjs';
import { measureEditing, SERVER } from './lsp.mjs';
import { pythonFiles, readFloor, ruffPeer } from './peers.mjs';
import { evaluateTargets, markdownTable, updateReadme, writeResults } from './report.mjs';
import { median, measured, notAvailable, round } from './stats.mjs';

const READ_RUNS = 3;
const CONTROL_EDITS = 50;
const NOTES = [
  'Every run reads from the OS page cache: the read floor reads all files first, and nothing drops caches, so "cold" means no cache of our own (or --no-cache), not a cold disk.',
  'Warm check: the second plain run replays the first one\'s saved report when nothing changed; "after an edit" appends a comment line to one module first, so every file\'s facts come from the index cache and the index is built again.',
  'Caches: every CLI and server process gets SSOT_IMPORTS_CACHE_DIR: a fresh empty folder for cold runs and the server, .bench/cache/cli (emptied at the start, filled by the first plain run) for warm runs.',
  'CLI times are of the whole process (node start-up and wasm loading included), as a user or CI sees them; peakRssMB is GNU time %M.',
  'Ruff-wasm runs in this process on one thread, reading each file as UTF-8 then check(text); its setup (loading the wasm, building the Workspace) is setupSeconds, outside value.',
  'Editor: rawMs = client send of didChange → publishDiagnostics of that version received, what the editor sees. The server checks a document as soon as the change is applied, unless its last check took over SLOW_CHECK_MS: then it waits CHANGE_DEBOUNCE_MS for a pause in typing (pausesAwaited counts those edits). probe (scripts/bench/serverProbe.mjs, preloaded with node --import, no server code changed): workMs = change bytes received → publish written, less any wait for a pause (JSON parse, text and tree edit, incremental parse, import matching, serialisation); outsideServerMs = raw − (publish written − change received), i.e. the two pipe hops and client dispatch.',
  'Control: the same typing into a one-line file in the same server: what transport, timers and a trivial check cost.',
  'Editor measurements start after the server reports no work in progress: opening the first file of a root may start the workspace index in the background; backgroundWork is that work from its progress create to its end.',
];

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    runs: { type: 'string', default: '1' },
    edits: { type: 'string', default: '200' },
    files: { type: 'string' },
    'no-probe': { type: 'boolean' },
    'no-readme': { type: 'boolean' },
  },
});
const progress = (message) => console.error(`[bench] ${message}`);

await main();

async function main() {
  const dir = values.dir ? resolve(values.dir) : DEFAULT_DIR;
  const runs = Math.max(1, Number(values.runs));
  for (const file of [CLI, SERVER]) if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (or \`npm run bench\`, which builds)`);
  const loadBefore = loadavg();

  progress(`workspace ${dir}`);
  const size = values.files ? { files: Number(values.files), bytes: Math.round((DEFAULTS.bytes / DEFAULTS.files) * Number(values.files)) } : {};
  const workspace = ensureMonorepo(dir, size);
  progress(workspace.reused ? 'reused the generated workspace (stamp matches)' : `generated in ${workspace.seconds} s`);
  const files = pythonFiles(dir);
  if (files.length !== workspace.pyFiles) progress(`warning: ${files.length} .py files on disk, the generator wrote ${workspace.pyFiles}`);

  progress(`reading ${files.length} files ×${READ_RUNS}`);
  const floor = readFloor(files, READ_RUNS);
  progress('Ruff-wasm TID251 over every file');
  const ruff = ruffPeer(files, readFileSync(join(dir, 'ssot-imports.toml'), 'utf8'));
  const checks = await cliMeasurements(dir, runs, workspace.editFile);
  progress(`language server: ${values.edits} edits of ${workspace.editFile}`);
  const editor = await measureEditing({ root: dir, file: join(dir, workspace.editFile), edits: Number(values.edits), controlEdits: CONTROL_EDITS, useProbe: !values['no-probe'] });

  const measurements = {
    readFloor: measured(floor.seconds, 's', { mbPerSecond: floor.mbPerSecond, samples: floor.samples, bytes: floor.bytes }),
    ruff: measured(ruff.seconds, 's', { ...ruff, seconds: undefined }),
    ...checks,
    editor,
  };
  const results = {
    schema: 1,
    date: new Date().toISOString(),
    runs,
    machine: machineInfo(loadBefore),
    workspace: workspaceInfo(dir, workspace),
    cli: { features: checks.features },
    measurements,
    targets: evaluateTargets(measurements),
    notes: NOTES,
  };
  finish(results);
}

/**
 * Cold, warm and full checks. The cold deprecated-import check is the registry's codes alone
 * (SSOT001 imports, SSOT004 strings: `--select`, else `--no-index`, when this CLI has them), with
 * --no-cache when it exists; the full check adds the index's SSOT002/SSOT003; warm is the plain
 * command run again after a run that filled the cache.
 */
async function cliMeasurements(dir, runs, editFile) {
  const features = cliFeatures();
  progress(`CLI features: ${JSON.stringify(features)}`);
  const registryOnly = features.select ? ['--select', 'SSOT001,SSOT004'] : features.noIndex ? ['--no-index'] : [];
  const coldArgs = [...(features.noCache ? ['--no-cache'] : []), ...registryOnly];
  progress(`cold check ${coldArgs.join(' ')}`);
  const coldCheck = await repeated(runs, () => withEmptyCache((cache) => timedCheck(dir, coldArgs, cache)));

  const noCacheCheck = features.noCache ? coldCheck : notAvailable('s', 'the CLI has no --no-cache flag yet (no cache yet)');
  let fullCheck = notAvailable('s', 'no workspace index in this build (--help names neither SSOT002/SSOT003 nor an index)');
  if (features.index && registryOnly.length === 0) fullCheck = { ...coldCheck, note: 'the index cannot be switched off: the cold check above includes it' };
  else if (features.index) {
    progress('cold full check (with the index)');
    fullCheck = await repeated(runs, () => withEmptyCache((cache) => timedCheck(dir, features.noCache ? ['--no-cache'] : [], cache)));
  }

  // warm: the command as users run it, after one run that filled the cache (when there is one)
  const warmCache = join(REPO_ROOT, '.bench', 'cache', 'cli');
  rmSync(warmCache, { recursive: true, force: true });
  mkdirSync(warmCache, { recursive: true });
  const cacheArgs = features.cacheDir ? ['--cache-dir', warmCache] : [];
  let firstRun = null;
  if (features.noCache || features.cacheDir || features.index) {
    progress('first plain run (fills the cache)');
    firstRun = { ...(await timedCheck(dir, cacheArgs, warmCache)), ok: undefined };
  }
  progress('warm check (second run)');
  const warmCheck = await repeated(runs, () => timedCheck(dir, cacheArgs, warmCache));
  if (!features.noCache && !features.cacheDir) warmCheck.note = 'no cache in this build: the second run repeats the work of the first (only the OS page cache is warm)';

  // warm after an edit: one module gets a comment line (its bindings unchanged), so nothing saved is replayed whole
  progress(`warm check after an edit of ${editFile}`);
  const edited = join(dir, editFile);
  const original = readFileSync(edited);
  let warmAfterEdit;
  try {
    writeFileSync(edited, Buffer.concat([original, Buffer.from('\n# edited by the benchmark\n')]));
    warmAfterEdit = await repeated(runs, () => timedCheck(dir, cacheArgs, warmCache));
  } finally {
    writeFileSync(edited, original);
  }
  return { features, coldCheck, noCacheCheck, fullCheck, firstRunWithCache: firstRun, warmCheck, warmAfterEdit };
}

/** Runs `fn` with a fresh, empty cache folder, removed afterwards. */
async function withEmptyCache(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'ssot-bench-cache-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `runs` timed runs: the median time, the first run's counts, every sample. */
async function repeated(runs, run) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await run());
  const seconds = results.map((r) => r.seconds);
  return measured(round(median(seconds), 2), 's', { ...results[0], ok: undefined, seconds: undefined, samples: seconds });
}

function machineInfo(loadBefore) {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    totalMemoryMB: Math.round(totalmem() / 1e6),
    loadAverageBefore: loadBefore.map((x) => round(x, 2)),
    loadAverageAfter: loadavg().map((x) => round(x, 2)),
  };
}

function workspaceInfo(dir, w) {
  return {
    dir: relative(REPO_ROOT, dir) || '.',
    reused: w.reused,
    params: w.params,
    pyFiles: w.pyFiles,
    totalBytes: w.totalBytes,
    rules: w.rules,
    byKind: w.byKind,
    sizeBuckets: w.sizeBuckets,
    expected: w.expected,
    editFile: w.editFile,
  };
}

function finish(results) {
  const table = markdownTable(results);
  mkdirSync(join(REPO_ROOT, 'bench'), { recursive: true });
  writeResults(join(REPO_ROOT, 'bench', 'results.json'), results);
  if (!values['no-readme']) updateReadme(join(REPO_ROOT, 'README.md'), table);
  progress(`wrote bench/results.json${values['no-readme'] ? '' : ' and the README table'}`);
  console.log(table);
}
