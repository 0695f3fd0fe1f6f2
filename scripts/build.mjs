// Bundles the entry points (language server, VS Code client, CLI, index worker) with esbuild and puts
// the tree-sitter wasm files next to them, so dist/ runs with no node_modules at all.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import process from 'node:process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, 'package.json'));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// web-tree-sitter's package entry for `import` is ESM and uses import.meta.url to find its
// wasm; bundled as CJS esbuild silently replaces import.meta with {} (shared/notes/toolchain.md).
// Its own CJS build has no such problem, so bundle that one.
const webTreeSitterDir = dirname(require.resolve('web-tree-sitter'));
const webTreeSitterCjs = join(webTreeSitterDir, 'web-tree-sitter.cjs');

const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
copyFileSync(join(webTreeSitterDir, 'web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), join(dist, 'tree-sitter-python.wasm'));
// the pytest plugin that `collect` loads with -p (runCollection looks for dist/pytest-plugin)
const pluginSrc = join(root, 'src/engine/collect/plugin');
mkdirSync(join(dist, 'pytest-plugin'));
for (const f of readdirSync(pluginSrc).filter((f) => f.endsWith('.py'))) copyFileSync(join(pluginSrc, f), join(dist, 'pytest-plugin', f));

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  alias: { 'web-tree-sitter': webTreeSitterCjs },
  logLevel: 'warning',
  // fail the build on esbuild warnings such as an emptied import.meta
  logOverride: { 'empty-import-meta': 'error' },
};

const builds = [
  { entryPoints: { server: 'src/server/main.ts' } },
  { entryPoints: { extension: 'src/client/extension.ts' }, external: ['vscode'] },
  { entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
  // the workspace index's parser thread: buildIndex (in server.js and cli.js) starts it from beside itself
  { entryPoints: { indexWorker: 'src/engine/index/worker.ts' } },
].map((b) => ({ ...common, ...b, outdir: dist, absWorkingDir: root }));

// The in-editor integration suite (test/integration/suite → out/integration/suite), loaded by VS
// Code's extension host: `vscode` comes from the host, `mocha` from node_modules.
if (!production) {
  const suite = 'test/integration/suite';
  rmSync(join(root, 'out/integration'), { recursive: true, force: true });
  builds.push({
    ...common,
    entryPoints: readdirSync(join(root, suite)).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => `${suite}/${f}`),
    external: ['vscode', 'mocha'],
    outdir: join(root, 'out/integration/suite'),
    absWorkingDir: root,
  });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
