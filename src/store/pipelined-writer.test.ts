import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PipelinedWriter } from './pipelined-writer.js';

test('PipelinedWriter keeps batches in order across background writebacks and fsyncs at the end', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-pipelined-'));
  try {
    const path = join(dir, 'blob');
    const handle = await open(path, 'wx');
    const expected = createHash('sha256');
    try {
      const writer = new PipelinedWriter(handle);
      // 80 batches of 1 MiB, each filled with its index: several 32 MiB writeback steps, order visible in the content.
      for (let i = 0; i < 80; i++) {
        const batch = [Buffer.alloc(512 * 1024, i), Buffer.alloc(512 * 1024, i + 1)];
        batch.forEach((b) => expected.update(b));
        await writer.write(batch, 1024 * 1024);
      }
      await writer.finish();
    } finally {
      await handle.close();
    }
    const content = await readFile(path);
    assert.equal(content.length, 80 * 1024 * 1024);
    assert.equal(createHash('sha256').update(content).digest('hex'), expected.digest('hex'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('PipelinedWriter reports a short write', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-pipelined-'));
  try {
    const handle = await open(join(dir, 'blob'), 'wx');
    try {
      const writer = new PipelinedWriter(handle);
      await writer.write([Buffer.from('abc')], 4);
      await assert.rejects(writer.finish(), { code: 'BLOB_WRITE_SHORT' });
    } finally {
      await handle.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
