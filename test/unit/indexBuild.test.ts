import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildIndex, updateFile } from '../../src/engine/index/buildIndex';
import type { ModuleIndex } from '../../src/engine/index/moduleIndex';
import { loadProject } from '../../src/engine/project';
import { createPythonParser } from '../../src/engine/python/parser';
import { generateWorkspace } from '../support/generateWorkspace';
import { TempWorkspace } from '../support/tempWorkspace';

/** Every file's summary, by path relative to `root`: two equal dumps are the same index. */
function dumpIndex(index: ModuleIndex, root: string): string[] {
  return [...index.files()].map(([file, summary]) => `${relative(root, file)} ${JSON.stringify(summary)}`).sort();
}

describe('index: building', () => {
  describe('on a generated monorepo of a few hundred files', () => {
    let dir: string;
    let sourceRoots: string[];
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ssot-index-'));
      generateWorkspace(dir, { files: 300, seed: 11 });
      sourceRoots = (await loadProject(dir)).sourceRoots;
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('worker threads build the same index as the in-thread path', async () => {
      const inThread = await buildIndex({ root: dir, sourceRoots, cache: false, workers: 0 });
      const threaded = await buildIndex({ root: dir, sourceRoots, cache: false, workers: 2 });
      assert.equal(inThread.stats.workers, 0);
      assert.equal(threaded.stats.workers, 2);
      assert.ok(inThread.stats.files > 300);
      assert.deepEqual([threaded.stats.files, threaded.stats.parsed, threaded.stats.skipped.length], [inThread.stats.files, inThread.stats.files, 0]);
      assert.deepEqual(dumpIndex(threaded.index, dir), dumpIndex(inThread.index, dir));
      assert.deepEqual(threaded.index.modules(), inThread.index.modules());
      assert.ok(threaded.index.exists('app.websocket_core.manager'));
    });

    it('reports progress up to the total', async () => {
      const seen: [number, number][] = [];
      const { stats } = await buildIndex({ root: dir, sourceRoots, cache: false, workers: 2, onProgress: (done, total) => seen.push([done, total]) });
      assert.equal(seen.length, stats.files);
      assert.deepEqual(seen.at(-1), [stats.files, stats.files]);
      assert.ok(seen.every(([done, total], i) => done === i + 1 && total === stats.files));
    });

    it('an abort stops the workers and rejects with an AbortError', async () => {
      const controller = new AbortController();
      let progressAfterAbort = 0;
      const build = buildIndex({
        root: dir,
        sourceRoots,
        cache: false,
        workers: 2,
        signal: controller.signal,
        onProgress: (done) => {
          if (controller.signal.aborted) progressAfterAbort++;
          if (done === 40) controller.abort();
        },
      });
      await assert.rejects(build, { name: 'AbortError' });
      assert.ok(progressAfterAbort <= 32, `at most the batches in flight finish (${progressAfterAbort})`);
      await assert.rejects(buildIndex({ root: dir, sourceRoots, cache: false, signal: AbortSignal.abort() }), { name: 'AbortError' });
    });
  });

  describe('in a small workspace', () => {
    let ws: TempWorkspace;
    beforeEach(() => {
      ws = new TempWorkspace({
        'app/__init__.py': '',
        'app/ok.py': 'x = 1\n',
        'app/binary.py': Buffer.from([0x78, 0x00, 0x01]),
        'app/latin1.py': Buffer.from('caf\xe9 = 1\n', 'latin1'),
        'app/broken.py': 'def f(:\n    pass\nclass Still: pass\n',
      });
    });
    afterEach(() => ws.dispose());

    it('skips files that cannot be read, with the reason, and indexes files with syntax errors', async () => {
      const { index, stats } = await buildIndex({ root: ws.root, sourceRoots: [ws.root], cache: false, workers: 0 });
      assert.deepEqual(
        stats.skipped.map((s) => `${relative(ws.root, s.file)}: ${s.reason}`).sort(),
        ['app/binary.py: binary file (contains a NUL byte)', 'app/latin1.py: not valid UTF-8'],
      );
      assert.equal(stats.files, 5);
      assert.equal(index.size, 3);
      assert.equal(index.binds('app.broken', 'Still'), 'yes');
      assert.equal(index.module('app.binary')?.kind, 'unparsed', 'an unreadable file still exists as a module');
    });

    it('the same through worker threads', async () => {
      const { index, stats } = await buildIndex({ root: ws.root, sourceRoots: [ws.root], cache: false, workers: 2 });
      assert.equal(stats.skipped.length, 2);
      assert.equal(index.size, 3);
    });

    it('indexes exactly the given files, skipping those that are gone or outside every source root', async () => {
      const outside = mkdtempSync(join(tmpdir(), 'ssot-outside-'));
      try {
        const { index, stats } = await buildIndex({
          root: ws.root,
          sourceRoots: [ws.root],
          files: ['app/ok.py', ws.path('app/__init__.py'), 'app/gone.py', join(outside, 'x.py')],
          cache: false,
        });
        assert.deepEqual([...index.files()].map(([f]) => relative(ws.root, f)).sort(), ['app/__init__.py', 'app/ok.py']);
        assert.deepEqual(stats.skipped.map((s) => relative(ws.root, s.file)), ['app/gone.py']);
        assert.equal(stats.files, 3);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('discovers source roots outside the workspace root too', async () => {
      const shared = new TempWorkspace({ 'sharedlib/__init__.py': 'def helper(): pass\n' });
      try {
        const { index } = await buildIndex({ root: ws.root, sourceRoots: [ws.root, shared.root], cache: false });
        assert.equal(index.binds('sharedlib', 'helper'), 'yes');
        assert.ok(index.exists('app.ok'));
      } finally {
        shared.dispose();
      }
    });

    it('updateFile re-summarises one file from its text, with a given parser or its own', async () => {
      const { index } = await buildIndex({ root: ws.root, sourceRoots: [ws.root], cache: false });
      const parser = await createPythonParser();
      try {
        const summary = await updateFile(index, ws.path('app/ok.py'), 'y = 2\nclass Z: pass\n', parser);
        assert.deepEqual(summary?.bindings.map((b) => b.name), ['y', 'Z']);
      } finally {
        parser.delete();
      }
      assert.equal(index.binds('app.ok', 'x'), 'no');
      assert.equal(index.binds('app.ok', 'Z'), 'yes');
      await updateFile(index, ws.path('app/new_module.py'), 'from .ok import Z\n');
      assert.deepEqual(index.resolve('app.new_module', 'Z').map((s) => s.module), ['app.new_module', 'app.ok']);
      // a file outside every source root is not (or no longer) in the index
      assert.equal(await updateFile(index, join(tmpdir(), 'elsewhere.py'), 'x = 1\n'), undefined);
    });
  });
});
