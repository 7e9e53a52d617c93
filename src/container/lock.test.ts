import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { currentProcess } from '../core/index.js';
import { withTempDir } from '../../test/helpers/temp-dir.js';
import { claimFile } from './lock.js';

/** A process identity no process can have: pids stay below the kernel's 2^22 limit. */
const DEAD = { pid: 4194304, startTime: '12345' };

function inTempDir(work: (dir: string) => Promise<void>): Promise<void> {
  return withTempDir('berth-lock-', work);
}

test('claimFile: of concurrent claims exactly one is taken, and the file names its holder', () =>
  inTempDir(async (dir) => {
    const path = join(dir, 'removing');
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimFile(path)));
    assert.equal(claims.filter((c) => c.taken).length, 1);
    for (const claim of claims.filter((c) => !c.taken)) assert.deepEqual(claim, { taken: false, holder: currentProcess() });
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), currentProcess());
    assert.deepEqual(await readdir(dir), ['removing'], 'no temp file is left');
  }));

test('claimFile: a dead holder\'s claim goes to exactly one of several concurrent takers, once', () =>
  inTempDir(async (dir) => {
    const path = join(dir, 'state.lock');
    await writeFile(path, JSON.stringify(DEAD));
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimFile(path)));
    assert.equal(claims.filter((c) => c.taken).length, 1);
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), currentProcess());
    // A taker that read the dead holder before the takeover cannot take the claim again later.
    await writeFile(path, JSON.stringify(DEAD));
    assert.deepEqual(await claimFile(path), { taken: false, holder: undefined });
    assert.deepEqual((await readdir(dir)).sort(), [`.state.lock.from-${DEAD.pid}-${DEAD.startTime}`, 'state.lock']);
  }));

test('claimFile: four processes racing for 100 dead holders\' claims take each exactly once', () =>
  inTempDir(async (dir) => {
    const paths = Array.from({ length: 100 }, (_, i) => join(dir, `claim-${i}`));
    await Promise.all(paths.map((path) => writeFile(path, JSON.stringify(DEAD))));
    // Each process claims every file, prints the ones it took and stays alive (a holder) until its stdin closes.
    const source = `import { claimFile } from ${JSON.stringify(new URL('./lock.js', import.meta.url).href)};
      const taken = [];
      for (const path of JSON.parse(process.argv[1])) if ((await claimFile(path)).taken) taken.push(path);
      process.stdout.write(JSON.stringify(taken) + '\\n');
      process.stdin.resume();`;
    const children = [0, 1, 2, 3].map(() => spawn(process.execPath, ['--input-type=module', '-e', source, JSON.stringify(paths)], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const outputs = await Promise.all(children.map(async (claimer) => JSON.parse((await once(createInterface(claimer.stdout), 'line'))[0] as string) as string[]));
    for (const claimer of children) claimer.stdin.end();
    assert.deepEqual(outputs.flat().sort(), [...paths].sort());
  }));

test('claimFile: an unreadable claim is not taken, and a missing directory is ENOENT', () =>
  inTempDir(async (dir) => {
    const path = join(dir, 'removing');
    await writeFile(path, 'not json');
    assert.deepEqual(await claimFile(path), { taken: false, holder: undefined });
    await assert.rejects(claimFile(join(dir, 'gone', 'removing')), { code: 'ENOENT' });
  }));

test('claimFile: a format may keep a dead holder\'s claim while what it stands for exists', () =>
  inTempDir(async (dir) => {
    const path = join(dir, '172.29.0.2');
    const lease = (netns: string, owner = currentProcess()): string => JSON.stringify({ netns, owner });
    const format = (netns: string) => ({
      text: lease(netns),
      holder: (text: string) => (JSON.parse(text) as { owner: typeof DEAD }).owner,
      reclaimable: (text: string) => (JSON.parse(text) as { netns: string }).netns !== 'still-there',
    });
    await writeFile(path, lease('still-there', DEAD));
    assert.deepEqual(await claimFile(path, format('mine')), { taken: false, holder: DEAD });
    await writeFile(path, lease('gone', DEAD));
    assert.deepEqual(await claimFile(path, format('mine')), { taken: true });
    assert.equal(JSON.parse(await readFile(path, 'utf8')).netns, 'mine');
  }));
