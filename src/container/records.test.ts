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
function busyRecord(): Omit<ContainerRecord, 'name'> & { name: string } {
  return { ...({ id: ID, created: new Date().toISOString() } as Omit<ContainerRecord, 'name'>), name: 'busy' };
}

function withContainers(work: (containers: ContainerStore) => Promise<void>): Promise<void> {
  return withTempDir('berth-containers-', (root) => work(new ContainerStore(root)));
}

test('delete succeeds while another process keeps writing into the container directory', () =>
  withContainers(async (containers) => {
    const { dir } = await containers.add(busyRecord());
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
    await containers.add(busyRecord());
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
