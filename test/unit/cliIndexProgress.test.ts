import { strict as assert } from 'node:assert';
import { progressLine } from '../../src/cli/progress';

/** A stand-in for process.stderr that records what is written. */
function stream(isTTY: boolean): NodeJS.WriteStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, written, write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WriteStream & { written: string[] };
}

describe('cli: the progress line', () => {
  it('is not there at all when stderr is not a terminal', () => {
    assert.equal(progressLine(stream(false)), undefined);
  });

  it('stays silent for a short run, then redraws at most every 100 ms, and is erased at the end', () => {
    let now = 0;
    const out = stream(true);
    const progress = progressLine(out, () => now)!;
    progress.update(1, 10_000, 'indexing');
    now = 500;
    progress.update(2, 10_000, 'indexing');
    progress.end();
    assert.deepEqual(out.written, [], 'a run under a second shows nothing, and there is nothing to erase');
    now = 1200;
    progress.update(3000, 10_000, 'indexing');
    now = 1250;
    progress.update(3001, 10_000, 'indexing');
    now = 1400;
    progress.update(10_000, 10_000, 'indexing');
    progress.end();
    assert.deepEqual(out.written, [
      '\r\x1b[2Kssot-imports: indexing 3,000 of 10,000 files (30%)',
      '\r\x1b[2Kssot-imports: indexing 10,000 of 10,000 files (100%)',
      '\r\x1b[2K',
    ]);
  });
});
