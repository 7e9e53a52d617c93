import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OneAtATime } from './one-at-a-time.js';

test('runs tasks one at a time, in order, and refuses past maxPending', async () => {
  const gate = new OneAtATime(2);
  let running = 0;
  let most = 0;
  const order: number[] = [];
  let finishFirst!: () => void;
  const task = (n: number, wait?: Promise<void>) => async () => {
    running++;
    most = Math.max(most, running);
    await wait;
    order.push(n);
    running--;
    return n;
  };
  const first = gate.run(task(1, new Promise<void>((resolve) => (finishFirst = resolve))));
  const second = gate.run(task(2));
  assert.equal(await gate.run(task(3)), undefined);
  finishFirst();
  assert.deepEqual(await Promise.all([first, second]), [1, 2]);
  assert.deepEqual(order, [1, 2]);
  assert.equal(most, 1);
  assert.equal(await gate.run(task(4)), 4);
});

test('a failing task releases the queue', async () => {
  const gate = new OneAtATime(1);
  await assert.rejects(gate.run(async () => { throw new Error('boom'); }), /boom/);
  assert.equal(await gate.run(async () => 'next'), 'next');
});
