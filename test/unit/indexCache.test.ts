import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { buildIndex, type BuildIndexOptions } from '../../src/engine/index/buildIndex';
import { CACHE_DIR_ENV, CACHE_FORMAT_VERSION, cacheDirectory, cacheFile } from '../../src/engine/index/cache';
import type { ModuleIndex } from '../../src/engine/index/moduleIndex';
import { TempWorkspace } from '../support/tempWorkspace';

/** Every file's summary, by path relative to `root`: two equal dumps are the same index. */
function dumpIndex(index: ModuleIndex, root: string): string[] {
  return [...index.files()].map(([file, summary]) => `${relative(root, file)} ${JSON.stringify(summary)}`).sort();
}

/** Sets every file's mtime an hour back, so the cache can trust it (not "racily" recent). */
function age(ws: TempWorkspace, rels: string[]): void {
  const past = new Date(Date.now() - 3600_000);
  for (const rel of rels) utimesSync(ws.path(rel), past, past);
}

const FILES: Record<string, string> = {
  'app/__init__.py': 'from .models import User\n',
  'app/models.py': 'class User:\n    pass\n',
  'app/views.py': 'def index(): pass\n',
  'app/util/helpers.py': 'X = 1\n',
  'lib.py': 'import os\n',
};

describe('index: the persisted cache', () => {
  let ws: TempWorkspace;
  let cacheDir: string;
  let options: BuildIndexOptions;
  beforeEach(() => {
    ws = new TempWorkspace(FILES);
    age(ws, Object.keys(FILES));
    cacheDir = ws.path('.the-cache'); // a dot folder: discovery skips nothing here, but it holds no .py files
    options = { root: ws.root, sourceRoots: [ws.root], cacheDir, workers: 0 };
  });
  afterEach(() => ws.dispose());

  const build = (extra: Partial<BuildIndexOptions> = {}) => buildIndex({ ...options, ...extra });
  /** A build with no cache at all: what every cached build must equal. */
  const cold = async () => dumpIndex((await build({ cache: false })).index, ws.root);

  it('a cold build parses everything and writes the cache; a warm build parses nothing and reads no file', async () => {
    const first = await build();
    assert.deepEqual([first.stats.files, first.stats.parsed, first.stats.fromCache], [5, 5, 0]);
    assert.ok(existsSync(cacheFile(ws.root, cacheDir)));
    const warm = await build();
    assert.deepEqual([warm.stats.files, warm.stats.parsed, warm.stats.fromCache, warm.stats.rehashed], [5, 0, 5, 0]);
    assert.deepEqual(dumpIndex(warm.index, ws.root), dumpIndex(first.index, ws.root));
    assert.deepEqual(dumpIndex(warm.index, ws.root), await cold());
    assert.equal(warm.index.binds('app', 'User'), 'yes');
  });

  it('an edited file is parsed again: a different size, or the same size and another content', async () => {
    await build();
    ws.write({ 'app/views.py': 'def index(): pass\ndef about(): pass\n' }); // longer
    ws.write({ 'app/models.py': 'class Uzer:\n    pass\n' }); // same size
    const { index, stats } = await build();
    assert.deepEqual([stats.parsed, stats.fromCache], [2, 3]);
    assert.equal(index.binds('app.views', 'about'), 'yes');
    assert.equal(index.binds('app.models', 'User'), 'no');
    assert.equal(index.binds('app.models', 'Uzer'), 'yes');
    assert.deepEqual(dumpIndex(index, ws.root), await cold());
  });

  it('a file whose mtime changed but not its content is reused after comparing hashes', async () => {
    await build();
    const now = new Date();
    utimesSync(ws.path('app/views.py'), now, now);
    const { stats } = await build();
    assert.deepEqual([stats.parsed, stats.fromCache, stats.rehashed], [0, 5, 1]);
  });

  it('a file written just before the cache is re-hashed rather than trusted on its timestamp', async () => {
    ws.write({ 'app/fresh.py': 'y = 2\n' });
    // an mtime at (or after) the moment the cache is written: within the racy window, however slow the build
    const soon = new Date(Date.now() + 60_000);
    utimesSync(ws.path('app/fresh.py'), soon, soon);
    await build();
    const { stats } = await build();
    assert.deepEqual([stats.parsed, stats.fromCache, stats.rehashed], [0, 6, 1]);
  });

  it('a deleted file drops out of the index and of the cache', async () => {
    await build();
    rmSync(ws.path('app/util/helpers.py'));
    const { index, stats } = await build();
    assert.deepEqual([stats.files, stats.parsed, stats.fromCache], [4, 0, 4]);
    assert.ok(!index.exists('app.util.helpers'));
    assert.equal(index.module('app.util')?.kind, 'unparsed', 'the folder is left, empty: still importable, binding nothing known');
    assert.ok(!readFileSync(cacheFile(ws.root, cacheDir), 'utf8').includes('helpers.py'));
    const again = await build();
    assert.deepEqual([again.stats.parsed, again.stats.fromCache], [0, 4]);
  });

  it('a renamed file is a new entry, and the old one is gone', async () => {
    await build();
    renameSync(ws.path('app/views.py'), ws.path('app/pages.py'));
    const { index, stats } = await build();
    assert.deepEqual([stats.files, stats.parsed, stats.fromCache], [5, 1, 4]);
    assert.ok(index.exists('app.pages') && !index.exists('app.views'));
    assert.equal(index.binds('app.pages', 'index'), 'yes');
    assert.deepEqual(dumpIndex(index, ws.root), await cold());
  });

  it('a branch switch: many files change, appear and disappear at once', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 60; i++) many[`big/mod_${i}.py`] = `def f_${i}(): pass\n`;
    ws.write(many);
    age(ws, Object.keys(many));
    await build();
    const switched: Record<string, string> = {};
    for (let i = 0; i < 60; i += 2) switched[`big/mod_${i}.py`] = `def g_${i}(): pass\nclass K_${i}: pass\n`; // 30 changed
    for (let i = 0; i < 10; i++) switched[`big/new_${i}.py`] = `NEW_${i} = ${i}\n`; // 10 new
    ws.write(switched);
    for (let i = 1; i < 20; i += 2) rmSync(ws.path(`big/mod_${i}.py`)); // 10 gone
    const { index, stats } = await build();
    assert.deepEqual([stats.files, stats.parsed, stats.fromCache], [65 + 10 - 10, 40, 25]);
    assert.equal(index.binds('big.mod_0', 'g_0'), 'yes');
    assert.equal(index.binds('big.mod_0', 'f_0'), 'no');
    assert.ok(!index.exists('big.mod_1'));
    assert.deepEqual(dumpIndex(index, ws.root), await cold());
  });

  it('a corrupt, truncated or foreign cache file means a cold build, never a crash', async () => {
    await build();
    const file = cacheFile(ws.root, cacheDir);
    const good = readFileSync(file, 'utf8');
    const bad = [
      'not json at all',
      good.slice(0, good.length / 2),
      '',
      'null',
      '[]',
      JSON.stringify({ ...JSON.parse(good), files: [[1, 2, 3]] }),
      JSON.stringify({ ...JSON.parse(good), files: [['lib.py', 1, 2, 'h', 'lib', 0, null, null, [['x', 1, 99]]]] }),
      JSON.stringify({ ...JSON.parse(good), version: CACHE_FORMAT_VERSION + 1 }),
      JSON.stringify({ ...JSON.parse(good), root: '/somewhere/else' }),
    ];
    for (const content of bad) {
      writeFileSync(file, content);
      const { stats } = await build();
      assert.deepEqual([stats.parsed, stats.fromCache], [5, 0], content.slice(0, 40));
    }
    // and the cold build wrote a good cache again
    assert.equal((await build()).stats.fromCache, 5);
  });

  it('an entry whose facts do not decode is parsed again; the other entries still count', async () => {
    await build();
    const file = cacheFile(ws.root, cacheDir);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.files[0][5] = [1, 0]; // a summary cut short
    writeFileSync(file, JSON.stringify(doc));
    const { index, stats } = await build();
    assert.deepEqual([stats.parsed, stats.fromCache], [1, 4]);
    assert.deepEqual(dumpIndex(index, ws.root), await cold());
  });

  it('one cache file per workspace root and format version', () => {
    const a = cacheFile('/work/a', cacheDir);
    assert.notEqual(a, cacheFile('/work/b', cacheDir));
    assert.equal(a, cacheFile('/work/a/', cacheDir));
    assert.ok(a.endsWith(`-v${CACHE_FORMAT_VERSION}.json`));
  });

  it('other source roots mean other module names: the cache is not used', async () => {
    await build();
    const { stats } = await build({ sourceRoots: [ws.root, ws.path('app')] });
    assert.equal(stats.fromCache, 0);
  });

  it('cache: false neither reads nor writes it', async () => {
    await build({ cache: false });
    assert.ok(!existsSync(cacheDir));
    await build();
    assert.equal((await build({ cache: false })).stats.fromCache, 0);
  });

  it('a cache folder that cannot be written costs the cache, not the build', async () => {
    writeFileSync(ws.path('blocker'), 'a file where the folder should be');
    const { index, stats } = await build({ cacheDir: ws.path('blocker/cache') });
    assert.equal(stats.parsed, 5);
    assert.equal(index.size, 5);
    assert.deepEqual(readdirSync(ws.root).filter((f) => f.endsWith('.tmp')), []);
  });

  it('a build aborted while parsing (the new cache half written) leaves the old cache as it was, and no temp file', async () => {
    await build();
    const file = cacheFile(ws.root, cacheDir);
    const before = readFileSync(file, 'utf8');
    // every file changes: all are parsed, and the new cache is started at the first of them
    for (const rel of Object.keys(FILES)) writeFileSync(ws.path(rel), `${readFileSync(ws.path(rel), 'utf8')}# changed\n`);
    age(ws, Object.keys(FILES));
    const controller = new AbortController();
    await assert.rejects(build({ signal: controller.signal, onProgress: (done) => done === 2 && controller.abort() }), { name: 'AbortError' });
    assert.equal(readFileSync(file, 'utf8'), before);
    assert.deepEqual(readdirSync(cacheDir), [relative(cacheDir, file)]);
    // and the next build parses them all and writes a cache that serves the one after
    assert.equal((await build()).stats.parsed, Object.keys(FILES).length);
    assert.equal((await build()).stats.parsed, 0);
    assert.deepEqual(readdirSync(cacheDir), [relative(cacheDir, file)], 'no temp file appeared later either');
  });

  it(`honours ${CACHE_DIR_ENV}, then XDG_CACHE_HOME, then ~/.cache`, async () => {
    const dir = ws.path('env-cache');
    const saved = process.env[CACHE_DIR_ENV];
    process.env[CACHE_DIR_ENV] = dir;
    try {
      await build({ cacheDir: undefined });
      assert.deepEqual(readdirSync(dir), [cacheFile(ws.root, dir).slice(dir.length + 1)]);
      assert.equal((await build({ cacheDir: undefined })).stats.fromCache, 5);
    } finally {
      if (saved === undefined) delete process.env[CACHE_DIR_ENV];
      else process.env[CACHE_DIR_ENV] = saved;
    }
    assert.equal(cacheDirectory({ [CACHE_DIR_ENV]: '/x/y', XDG_CACHE_HOME: '/xdg' }), '/x/y');
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/xdg' }), '/xdg/ssot-imports');
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: 'relative/ignored' }), join(homedir(), '.cache', 'ssot-imports'));
    assert.equal(cacheDirectory({}), join(homedir(), '.cache', 'ssot-imports'));
  });
});
