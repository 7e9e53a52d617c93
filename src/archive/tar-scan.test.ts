import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { tarScan } from './tar-scan.js';

async function check(bytes: Buffer, sizes?: number[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const scan = tarScan('t.tar');
  // Odd-sized chunks so headers straddle chunk boundaries.
  const pieces = Array.from({ length: Math.ceil(bytes.length / 777) }, (_, i) => bytes.subarray(i * 777, (i + 1) * 777));
  for await (const chunk of Readable.from(pieces).pipe(scan)) chunks.push(chunk as Buffer);
  sizes?.push(scan.scanner.contentSize);
  return Buffer.concat(chunks);
}

test('tarScan passes GNU and PAX tars through unchanged, sums docker\'s size, refuses broken ones', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-tarcheck-'));
  try {
    await writeFile(join(dir, `${'long-name-'.repeat(20)}.txt`), 'x'.repeat(5000));
    await writeFile(join(dir, 'empty'), '');
    execFileSync('ln', ['-s', 'empty', join(dir, 'link')]);
    const longTarget = `${'t'.repeat(150)}/${'u'.repeat(60)}`;
    execFileSync('ln', ['-s', longTarget, join(dir, 'long-link')]);
    execFileSync('ln', [join(dir, 'empty'), join(dir, 'hard')]);
    const expected = 5000 + 'empty'.length + longTarget.length;
    const sizes: number[] = [];
    const tar = execFileSync('tar', ['--format=gnu', '-C', dir, '-cf', '-', '.']);
    assert.deepEqual(await check(tar, sizes), tar);
    const pax = execFileSync('tar', ['--format=pax', '-C', dir, '-cf', '-', '.']);
    assert.deepEqual(await check(pax, sizes), pax);
    assert.deepEqual(sizes, [expected, expected]);
    await assert.rejects(check(tar.subarray(0, 3000)), /unexpected end of input inside an entry/);
    await assert.rejects(check(Buffer.from('plain text, not a tar '.repeat(40))), /bad header checksum \(after 0 entries\)/);
    await assert.rejects(check(Buffer.alloc(1024)), /no entries/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
