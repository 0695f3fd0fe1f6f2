/**
 * When the server checks an open document again after a change (src/server/checkScheduler.ts):
 * at once for a document whose checks are fast, after a pause in changes for a slow one.
 */
import { strict as assert } from 'node:assert';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { CheckScheduler } from '../../src/server/checkScheduler';

/** A scheduler whose checks record the document and report `costs[uri]` ms of work. */
function recording(costs: Record<string, number | undefined>, pauseMs = 40) {
  const checked: string[] = [];
  const scheduler = new CheckScheduler(
    (uri) => {
      checked.push(uri);
      return Promise.resolve(costs[uri]);
    },
    { slowCheckMs: 20, pauseMs },
  );
  return { checked, scheduler };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 5000; !condition(); ) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('check scheduling after a change', () => {
  it('a document with fast checks is checked two turns of the event loop later, no timer involved', async () => {
    const { checked, scheduler } = recording({ 'a.py': 3 });
    await scheduler.checkNow('a.py');
    scheduler.changed('a.py');
    assert.deepEqual(checked, ['a.py'], 'not synchronously');
    await nextTurn();
    assert.deepEqual(checked, ['a.py'], 'nor on the next turn, where the next queued message is handled');
    await nextTurn();
    await nextTurn();
    assert.deepEqual(checked, ['a.py', 'a.py']);
    scheduler.dispose();
  });

  it('changes that arrive one per turn, as the JSON-RPC connection hands over queued messages, make one check after the last', async () => {
    const { checked, scheduler } = recording({ 'a.py': 3 });
    for (let i = 0; i < 5; i++) {
      scheduler.changed('a.py');
      await nextTurn();
    }
    assert.deepEqual(checked, []);
    await nextTurn();
    await nextTurn();
    assert.deepEqual(checked, ['a.py']);
    scheduler.dispose();
  });

  it('a document whose last check was slow waits for a pause in changes, and each change restarts the wait', async () => {
    const { checked, scheduler } = recording({ 'big.py': 80 }, 60);
    await scheduler.checkNow('big.py');
    scheduler.changed('big.py');
    await nextTurn();
    await nextTurn();
    assert.deepEqual(checked, ['big.py'], 'not on the next turn');
    scheduler.changed('big.py');
    await until(() => checked.length === 2, 'the check after the pause');
    // one check for both changes
    await sleep(120);
    assert.deepEqual(checked, ['big.py', 'big.py']);
    scheduler.dispose();
  });

  it('a slow document becomes fast again once a check is fast (the first check of a file parses it whole)', async () => {
    const costs: Record<string, number> = { 'm.py': 90 };
    const { checked, scheduler } = recording(costs, 30);
    await scheduler.checkNow('m.py');
    costs['m.py'] = 2;
    scheduler.changed('m.py');
    await until(() => checked.length === 2, 'the paused check');
    scheduler.changed('m.py');
    await nextTurn();
    await nextTurn();
    assert.equal(checked.length, 3);
    scheduler.dispose();
  });

  it('a check that did not run (a newer version came) keeps the last timing', async () => {
    const costs: Record<string, number | undefined> = { 'm.py': 90 };
    const { checked, scheduler } = recording(costs, 30);
    await scheduler.checkNow('m.py');
    costs['m.py'] = undefined;
    await scheduler.checkNow('m.py');
    scheduler.changed('m.py');
    await nextTurn();
    await nextTurn();
    assert.equal(checked.length, 2, 'still slow: waits for the pause');
    scheduler.dispose();
  });

  it('checkNow replaces a scheduled check; forget and dispose cancel what is scheduled', async () => {
    const { checked, scheduler } = recording({ 'a.py': 1, 'b.py': 50, 'c.py': 1 }, 30);
    scheduler.changed('a.py');
    await scheduler.checkNow('a.py');
    await scheduler.checkNow('b.py');
    scheduler.changed('b.py');
    scheduler.forget('b.py');
    scheduler.changed('c.py');
    scheduler.dispose();
    await sleep(80);
    assert.deepEqual(checked, ['a.py', 'b.py']);
  });
});
