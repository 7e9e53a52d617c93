import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withTempDir } from '../../test/helpers/temp-dir.js';
import { currentProcess } from '../core/index.js';
import { ContainerStore } from './records.js';
import type { ContainerRecord } from './types.js';

const ID = 'c0ffee'.padEnd(64, '0');

/** Only what the store itself reads of a record. */
function record(name: string, id = ID): Omit<ContainerRecord, 'name'> & { name: string } {
  return { ...({ id, created: new Date().toISOString() } as Omit<ContainerRecord, 'name'>), name };
}

function withContainers(work: (containers: ContainerStore) => Promise<void>): Promise<void> {
  return withTempDir('berth-containers-', (root) => work(new ContainerStore(root)));
}

test('delete succeeds while another process keeps writing into the container directory', () =>
  withContainers(async (containers) => {
    const { dir } = await containers.add(record('busy'));
    for (let i = 0; i < 200; i++) await writeFile(join(dir, `file-${i}`), 'x');
    // Like a monitor recording state or a second remover claiming: files come and go until the directory is gone.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const path = join(dir, `late-${i}`);
        await writeFile(path, 'x').then(() => unlink(path), () => (writing = false)).catch(() => undefined);
      }
    })();
    try {
      await containers.delete(ID);
    } finally {
      writing = false;
      await writer;
    }
    assert.deepEqual(await containers.list(), []);
    assert.deepEqual(await readdir(containers.dir), ['names'], 'neither the directory nor its renamed copy is left');
    await containers.add(record('busy'));
  }));

test('list finishes the removal a killed process left half done, and keeps a live one\'s', () =>
  withContainers(async (containers) => {
    const dead = join(containers.dir, '.tmp-4194304-12345-0badf00d');
    const live = join(containers.dir, `.tmp-${process.pid}-${currentProcess().startTime}-00000000`);
    await mkdir(join(dead, 'fs'), { recursive: true });
    await mkdir(live, { recursive: true });
    assert.deepEqual(await containers.list(), []);
    assert.deepEqual((await readdir(containers.dir)).sort(), [live.slice(containers.dir.length + 1)]);
  }));

test('of concurrent creations with one name exactly one gets it; a dead claimant\'s name is free again, to one of them', () =>
  withContainers(async (containers) => {
    const ids = ['a', 'b', 'c', 'd'].map((digit) => digit.repeat(64));
    const created = await Promise.allSettled(ids.map((id) => containers.add(record('web', id))));
    assert.equal(created.filter((r) => r.status === 'fulfilled').length, 1);
    for (const failed of created.filter((r) => r.status === 'rejected')) assert.match(String(failed.reason), /The container name "\/web" is already in use/);
    // A claimant killed between claiming the name and making its container.
    await writeFile(join(containers.dir, 'names', 'ghost'), `${'e'.repeat(64)}\n4194304 12345\n`);
    const retaken = await Promise.allSettled(['1', '2', '3', '4'].map((digit) => containers.add(record('ghost', digit.repeat(64)))));
    assert.equal(retaken.filter((r) => r.status === 'fulfilled').length, 1);
    assert.deepEqual((await containers.list()).map((c) => c.record.name).sort(), ['ghost', 'web']);
  }));
