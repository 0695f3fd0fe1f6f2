// Deterministic generator of a realistic Python monorepo in the middle of an SSOT migration, the
// workload of `npm run bench` (issue 6): 10,000 .py files, ~180 MB, `src/` layout with packages
// and re-exporting __init__.py files, tests/ with conftest.py, tools/, an ssot-imports.toml of 17
// rules, deprecated imports in ~12% of files in every import form, text that mentions deprecated
// modules without importing them, moved names (SSOT002) and missing modules (SSOT003).
//
//   node scripts/bench/generateMonorepo.mjs [DIR] [--seed N] [--files N] [--bytes N] [--force] [--verify]
//
// DIR defaults to .bench/monorepo (gitignored). The same seed writes the same bytes every run; a
// stamp file records generator version and parameters, and a matching stamp skips the work
// (--force regenerates anyway, and also overwrites a non-empty folder without a stamp).
// --verify parses every file with Python's own `ast` (slow: ~40 s) to prove the output is valid.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { planLayout, planSizes } from './layout.mjs';
import { renderFile } from './render.mjs';
import { Rng } from './rng.mjs';
import { RULES, rootFiles } from './skeleton.mjs';

/** Bump whenever the output changes, so existing workspaces are regenerated. */
export const GENERATOR_VERSION = 1;
export const DEFAULTS = { seed: 20261125, files: 10_000, bytes: 180_000_000 };
export const STAMP_FILE = '.ssot-bench-stamp.json';
export const REPO_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const DEFAULT_DIR = join(REPO_ROOT, '.bench', 'monorepo');

/**
 * The workspace at `dir`, generated unless its stamp says it already holds this version and
 * these parameters. Returns the manifest (what was generated and what it should contain).
 */
export function ensureMonorepo(dir, options = {}) {
  const { force = false, ...overrides } = options;
  const params = { generator: GENERATOR_VERSION, ...DEFAULTS, ...overrides };
  const existing = readStamp(dir);
  if (existing && !force && sameParams(existing.params, params)) return { ...existing, reused: true };
  clearWorkspace(dir, existing !== undefined || force);
  return { ...generate(dir, params), reused: false };
}

function readStamp(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, STAMP_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

function sameParams(a, b) {
  return ['generator', 'seed', 'files', 'bytes'].every((k) => a?.[k] === b[k]);
}

/** Deletes a previous workspace, but never a folder the generator did not write. */
function clearWorkspace(dir, ours) {
  if (!existsSync(dir)) return;
  if (!ours && readdirSync(dir).length > 0) throw new Error(`${dir} exists, is not empty and has no ${STAMP_FILE}: not overwriting it (pass --force)`);
  rmSync(dir, { recursive: true, force: true });
}

function generate(dir, params) {
  const started = Date.now();
  const rng = new Rng(params.seed);
  const layout = planLayout(rng, params.files);
  planSizes(layout, rng, params.bytes);
  const made = new Set();
  const manifest = newManifest(params);
  for (const [path, text] of Object.entries(rootFiles())) writeOne(dir, path, text, made);
  for (const spec of layout.files) {
    // every file has its own stream: changing one template does not reshuffle the rest
    const { text, expect } = renderFile(layout, spec, new Rng(hash(`${params.seed}:${spec.path}`)));
    const bytes = writeOne(dir, spec.path, text, made);
    record(manifest, spec, text, bytes, expect);
  }
  manifest.seconds = (Date.now() - started) / 1000;
  manifest.editFile = manifest.hugeFiles[0].path;
  writeFileSync(join(dir, STAMP_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function writeOne(dir, path, text, made) {
  const abs = join(dir, path);
  const parent = dirname(abs);
  if (!made.has(parent)) {
    mkdirSync(parent, { recursive: true });
    made.add(parent);
  }
  const data = Buffer.from(text, 'utf8');
  writeFileSync(abs, data);
  return data.length;
}

function newManifest(params) {
  return {
    params,
    rules: RULES.length,
    pyFiles: 0,
    totalBytes: 0,
    byKind: {},
    sizeBuckets: { '<2KB': 0, '2-30KB': 0, '30-100KB': 0, '100-500KB': 0, '>500KB': 0 },
    expected: { deprecatedFiles: 0, movedNameFiles: 0, missingModuleFiles: 0, mentionFiles: 0, crlfFiles: 0, nonAsciiFiles: 0 },
    hugeFiles: [],
  };
}

function record(manifest, spec, text, bytes, expect) {
  manifest.pyFiles++;
  manifest.totalBytes += bytes;
  manifest.byKind[spec.kind] = (manifest.byKind[spec.kind] ?? 0) + 1;
  const kb = bytes / 1000;
  const bucket = kb < 2 ? '<2KB' : kb < 30 ? '2-30KB' : kb < 100 ? '30-100KB' : kb < 500 ? '100-500KB' : '>500KB';
  manifest.sizeBuckets[bucket]++;
  const e = manifest.expected;
  if (expect.deprecated) e.deprecatedFiles++;
  if (expect.moved) e.movedNameFiles++;
  if (expect.missing) e.missingModuleFiles++;
  if (spec.mention) e.mentionFiles++;
  if (spec.crlf) e.crlfFiles++;
  if (spec.nonAscii) e.nonAsciiFiles++;
  if (spec.huge) manifest.hugeFiles.push({ path: spec.path, lines: text.split('\n').length - 1, bytes });
}

/** FNV-1a: a stable 32-bit seed per file path. */
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Parses every .py file with Python's `ast`; returns the number that failed. */
export function verifyWithPython(dir) {
  const script = [
    'import ast, pathlib, sys',
    'bad = 0',
    'for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.py")):',
    '    try:',
    '        ast.parse(p.read_bytes(), str(p))',
    '    except SyntaxError as e:',
    '        bad += 1',
    '        print(f"{p}:{e.lineno}: {e.msg}")',
    'print(f"{bad} files failed to parse")',
    'sys.exit(1 if bad else 0)',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, dir], { stdio: 'inherit' });
  return result.status ?? 1;
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { seed: { type: 'string' }, files: { type: 'string' }, bytes: { type: 'string' }, force: { type: 'boolean' }, verify: { type: 'boolean' } },
  });
  const dir = positionals[0] !== undefined ? resolve(positionals[0]) : DEFAULT_DIR;
  const options = { force: values.force === true };
  for (const key of ['seed', 'files', 'bytes']) if (values[key] !== undefined) options[key] = Number(values[key]);
  const manifest = ensureMonorepo(dir, options);
  const { reused, pyFiles, totalBytes, expected } = manifest;
  console.log(`${reused ? 'up to date' : `generated in ${manifest.seconds.toFixed(1)} s`}: ${dir}`);
  console.log(`${pyFiles} .py files, ${(totalBytes / 1e6).toFixed(1)} MB; sizes ${JSON.stringify(manifest.sizeBuckets)}`);
  console.log(`expected: ${JSON.stringify(expected)}; 5,000-line files: ${manifest.hugeFiles.map((f) => `${f.path} (${f.lines})`).join(', ')}`);
  if (values.verify) process.exitCode = verifyWithPython(dir);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
