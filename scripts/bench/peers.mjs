// The two reference points of the whole-workspace check: reading every file (the floor no
// checker can beat), and Ruff's wasm build running banned-api (TID251) with the registry's rules.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from './generateMonorepo.mjs';
import { median, round } from './stats.mjs';

const require = createRequire(join(REPO_ROOT, 'package.json'));

/** Every .py file under `dir`, sorted (the generated repo has no ignored folders). */
export function pythonFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const abs = join(d, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.name.endsWith('.py')) out.push(abs);
    }
  };
  walk(dir);
  return out.sort();
}

/** Reads every file as a Buffer, `runs` times (the first also warms the page cache). */
export function readFloor(files, runs) {
  const seconds = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    bytes = 0;
    const start = performance.now();
    for (const file of files) bytes += readFileSync(file).length;
    seconds.push((performance.now() - start) / 1000);
  }
  const s = median(seconds);
  return { seconds: round(s, 3), samples: seconds.map((x) => round(x, 3)), bytes, mbPerSecond: round(bytes / 1e6 / s, 0) };
}

/** The registry's rules as Ruff banned-api entries: `a.b:Name` → `a.b.Name`, `a.*` → `a`. */
export function bannedApi(registryText) {
  const { parseTOML, getStaticTOMLValue } = require('toml-eslint-parser');
  const rules = getStaticTOMLValue(parseTOML(registryText)).rule ?? [];
  const banned = {};
  for (const rule of rules) {
    // Ruff matches a banned module's submodules too (MatchNameOrParent), as a package rule does
    const key = rule.from.replace(/\.\*$/, '').replace(':', '.');
    banned[key] = { msg: rule.to ? `moved to ${rule.to}` : 'deprecated, no replacement' };
  }
  return banned;
}

/** Ruff-wasm over every file on this thread (it has no threads), reading included. */
export function ruffPeer(files, registryText) {
  const setupStart = performance.now();
  const ruff = require('@astral-sh/ruff-wasm-nodejs');
  const settings = { lint: { select: ['TID251'], 'flake8-tidy-imports': { 'banned-api': bannedApi(registryText) } } };
  const workspace = new ruff.Workspace(settings, ruff.PositionEncoding.Utf16);
  const setupSeconds = (performance.now() - setupStart) / 1000;
  let findings = 0;
  let filesWithFindings = 0;
  let syntaxErrors = 0;
  const start = performance.now();
  for (const file of files) {
    const diagnostics = workspace.check(readFileSync(file, 'utf8'));
    const banned = diagnostics.filter((d) => d.code === 'TID251').length;
    findings += banned;
    if (banned > 0) filesWithFindings++;
    if (diagnostics.length > banned) syntaxErrors++;
  }
  const seconds = (performance.now() - start) / 1000;
  workspace.free();
  return { version: ruff.Workspace.version(), seconds: round(seconds, 2), setupSeconds: round(setupSeconds, 2), findings, filesWithFindings, filesWithOtherDiagnostics: syntaxErrors, bannedApi: Object.keys(settings.lint['flake8-tidy-imports']['banned-api']).length };
}
