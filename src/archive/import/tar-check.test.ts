import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { tarCheck } from './tar-check.js';

async function check(bytes: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  // Odd-sized chunks so headers straddle chunk boundaries.
  const pieces = Array.from({ length: Math.ceil(bytes.length / 777) }, (_, i) => bytes.subarray(i * 777, (i + 1) * 777));
  for await (const chunk of Readable.from(pieces).pipe(tarCheck('t.tar'))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test('tarCheck passes a GNU tar (long names, symlinks, empty and large files) through unchanged', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-tarcheck-'));
  try {
    await writeFile(join(dir, `${'long-name-'.repeat(20)}.txt`), 'x'.repeat(5000));
    await writeFile(join(dir, 'empty'), '');
    execFileSync('ln', ['-s', 'empty', join(dir, 'link')]);
    const tar = execFileSync('tar', ['--format=gnu', '-C', dir, '-cf', '-', '.']);
    assert.deepEqual(await check(tar), tar);
    const pax = execFileSync('tar', ['--format=pax', '-C', dir, '-cf', '-', '.']);
    assert.deepEqual(await check(pax), pax);
    await assert.rejects(check(tar.subarray(0, 3000)), /unexpected end of input inside an entry/);
    await assert.rejects(check(Buffer.from('plain text, not a tar '.repeat(40))), /bad header checksum \(after 0 entries\)/);
    await assert.rejects(check(Buffer.alloc(1024)), /no entries/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
