// Benchmark, not a test: `ssot-imports collect FILE` against bare `python -m pytest --collect-only -q
// FILE`, median of N runs each, interleaved. The bar (issue 5): collect adds at most 20%.
//
//   node scripts/bench-collect.mjs [--runs N] [--python PY]... [FILE...]
//
// Three timings per file: bare pytest; the CLI as a user runs it (node start-up included); and
// runCollection inside an already running Node process, as the language server calls it. Both
// sides run from the pytest rootdir with PYTHONDONTWRITEBYTECODE=1 and -p no:cacheprovider, so
// neither writes into the fixtures and the difference is what SSOT Imports adds.
import * as esbuild from 'esbuild';
import console from 'node:console';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, 'package.json'));
const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '15' }, python: { type: 'string', multiple: true } } });
const runs = Number(values.runs);
const pythons = values.python ?? ['/usr/bin/python3', 'python3'];

// A bundle of the CLI and of the engine with the plugin beside them, as scripts/build.mjs ships them.
const out = mkdtempSync(join(tmpdir(), 'ssot-bench-'));
try {
  // Default files: a copy of the test fixtures, since bare pytest's plugins may write into the
  // folder it runs in (pytest-benchmark creates .benchmarks/).
  const fixtures = join(out, 'fixtures');
  cpSync(join(root, 'test/fixtures/collect'), fixtures, { recursive: true });
  const files = (positionals.length > 0 ? positionals : [join(fixtures, 'basic/test_params.py'), join(fixtures, 'migration/tests/test_websocket_manager.py')]).map((f) => resolve(f));

  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    absWorkingDir: root,
    logLevel: 'warning',
    alias: { 'web-tree-sitter': join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.cjs') },
  };
  await esbuild.build({ ...common, entryPoints: { cli: 'src/cli/main.ts', collect: 'src/engine/collect/index.ts' }, outdir: out });
  mkdirSync(join(out, 'pytest-plugin'));
  const plugin = join(root, 'src/engine/collect/plugin');
  for (const f of readdirSync(plugin).filter((f) => f.endsWith('.py'))) copyFileSync(join(plugin, f), join(out, 'pytest-plugin', f));
  const { runCollection, findRootdir } = require(join(out, 'collect.js'));

  const rows = [];
  for (const python of pythons) {
    const version = spawnSync(python, ['-c', 'import pytest; print(pytest.__version__)'], { encoding: 'utf8' }).stdout.trim();
    if (!version) {
      console.error(`skipping ${python}: no pytest`);
      continue;
    }
    for (const file of files) {
      const cwd = findRootdir(file).rootdir;
      const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
      const bare = () => time(() => spawnSync(python, ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider', file], { cwd, env, stdio: 'ignore' }));
      const cli = () => time(() => spawnSync(process.execPath, [join(out, 'cli.js'), 'collect', file, '--python', python], { cwd, env, stdio: 'ignore' }));
      const inProcess = async () => {
        const start = performance.now();
        const result = await runCollection({ python, paths: [file], env });
        if (result.status === 'could-not-run') throw new Error(result.message);
        return performance.now() - start;
      };
      // warm the file cache
      bare();
      cli();
      await inProcess();
      const samples = { bare: [], cli: [], inProcess: [] };
      for (let i = 0; i < runs; i++) {
        samples.bare.push(bare());
        samples.cli.push(cli());
        samples.inProcess.push(await inProcess());
      }
      const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
      rows.push([python, version, relative(file.startsWith(fixtures) ? fixtures : root, file), ms(m.bare), `${ms(m.cli)} (${ratio(m.cli, m.bare)})`, `${ms(m.inProcess)} (${ratio(m.inProcess, m.bare)})`]);
    }
  }
  table(['python', 'pytest', 'file', 'bare pytest', 'ssot-imports collect (CLI)', 'runCollection (in-process)'], rows);
  console.log(`median of ${runs} runs each, interleaved; ratio = time / bare (bar: ≤ 1.20)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}

function time(run) {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function ms(value) {
  return `${value.toFixed(0)} ms`;
}

function ratio(value, base) {
  return `×${(value / base).toFixed(2)}`;
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log([line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
}

