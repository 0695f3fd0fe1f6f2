import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource as readAsync, readSourceSync } from '../../src/engine/workspace/readSource';

/** Both readers: the promise one (editor, CLI) and the blocking one (worker threads) must agree on everything. */
const READERS = { readSource: readAsync, readSourceSync: (path: string, options?: { maxBytes?: number }) => Promise.resolve(readSourceSync(path, options)) };

for (const [readerName, readSource] of Object.entries(READERS)) {
  describe(readerName, () => {
    let dir: string;
    const file = (name: string, content: string | Uint8Array) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    };

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'ssot-read-'));
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('returns the text, line endings untouched', async () => {
      assert.deepEqual(await readSource(file('ok.py', 'import a\r\nimport 😀\n')), { ok: true, text: 'import a\r\nimport 😀\n', bom: false });
    });

    it('reads an empty file', async () => {
      assert.deepEqual(await readSource(file('empty.py', '')), { ok: true, text: '', bom: false });
    });

    it('strips a UTF-8 BOM, as editors do', async () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('import a\n')]);
      assert.deepEqual(await readSource(file('bom.py', bytes)), { ok: true, text: 'import a\n', bom: true });
    });

    it('refuses a file over the limit, and accepts one exactly at it', async () => {
      assert.deepEqual(await readSource(file('big.py', 'x'.repeat(150)), { maxBytes: 100 }), {
        ok: false,
        reason: 'file is 150 bytes, over the 100 bytes limit',
      });
      assert.deepEqual(await readSource(file('limit.py', 'x'.repeat(100)), { maxBytes: 100 }), { ok: true, text: 'x'.repeat(100), bom: false });
      assert.deepEqual(await readSource(file('kb.py', 'x'.repeat(2100)), { maxBytes: 1024 }), {
        ok: false,
        reason: 'file is 2.1 KB, over the 1 KB limit',
      });
    });

    it('refuses a file over the default 5 MB limit without reading it', async () => {
      const p = file('huge.py', '');
      truncateSync(p, Math.round(12.3 * 1024 * 1024)); // sparse: no time or disk spent
      assert.deepEqual(await readSource(p), { ok: false, reason: 'file is 12.3 MB, over the 5 MB limit' });
    });

    it('refuses a binary file (NUL byte in the first 8 KiB)', async () => {
      const bytes = Buffer.concat([Buffer.from('import a\n'.repeat(100)), Buffer.from([0]), Buffer.from('x')]);
      assert.deepEqual(await readSource(file('bin.py', bytes)), { ok: false, reason: 'binary file (contains a NUL byte)' });
    });

    it('accepts a NUL byte past the first 8 KiB of valid UTF-8', async () => {
      const text = 'x'.repeat(8 * 1024) + '\0';
      assert.deepEqual(await readSource(file('late-nul.py', text)), { ok: true, text, bom: false });
    });

    it('refuses text that is not UTF-8', async () => {
      const latin1 = Buffer.from('# café\nimport a\n', 'latin1');
      assert.deepEqual(await readSource(file('latin1.py', latin1)), { ok: false, reason: 'not valid UTF-8' });
      // UTF-8-encoded surrogate (CESU-8): rejected by a strict decoder only
      const cesu = Buffer.from([0x23, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, 0x0a]);
      assert.deepEqual(await readSource(file('cesu.py', cesu)), { ok: false, reason: 'not valid UTF-8' });
    });

    it('reports a missing file with the OS message and no path', async () => {
      assert.deepEqual(await readSource(join(dir, 'missing.py')), { ok: false, reason: 'ENOENT: no such file or directory' });
    });

    it('reports a symlink loop with the OS message', async () => {
      symlinkSync('loop-b.py', join(dir, 'loop-a.py'));
      symlinkSync('loop-a.py', join(dir, 'loop-b.py'));
      assert.deepEqual(await readSource(join(dir, 'loop-a.py')), { ok: false, reason: 'ELOOP: too many symbolic links encountered' });
    });

    it('refuses a directory', async () => {
      mkdirSync(join(dir, 'pkg.py'));
      assert.deepEqual(await readSource(join(dir, 'pkg.py')), { ok: false, reason: 'is a directory' });
    });

    it('refuses a FIFO instead of blocking on it', async () => {
      const fifo = join(dir, 'fifo.py');
      execFileSync('mkfifo', [fifo]);
      assert.deepEqual(await readSource(fifo), { ok: false, reason: 'not a regular file' });
    });

    it('reports an unreadable file', async () => {
      const p = file('locked.py', 'import a\n');
      chmodSync(p, 0o000);
      // Root reads a mode-000 file anyway; then a directory stands in as a file that cannot be read.
      let denied = false;
      try {
        closeSync(openSync(p, 'r'));
      } catch (err) {
        denied = (err as NodeJS.ErrnoException).code === 'EACCES';
      }
      if (denied) {
        assert.deepEqual(await readSource(p), { ok: false, reason: 'EACCES: permission denied' });
      } else {
        mkdirSync(join(dir, 'locked-dir.py'));
        assert.deepEqual(await readSource(join(dir, 'locked-dir.py')), { ok: false, reason: 'is a directory' });
      }
    });
  });
}
