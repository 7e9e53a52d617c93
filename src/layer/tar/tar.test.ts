import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import tarStream from 'tar-stream';
import { setAttributeSync } from '@napi-rs/xattr';
import { readTar } from './reader.js';
import { writeTar } from './writer.js';
import type { TarHeader, TarInput } from '../types.js';

const CAPABILITY = Buffer.from('0100000200200000000000000000000000000000', 'hex'); // cap_net_bind_service, binary
const LONG_DIR = `${'d'.repeat(120)}/${'e'.repeat(90)}`;
const LONG_NAME = `${LONG_DIR}/${'f'.repeat(150)}.txt`;

/** One entry of every type, with the awkward cases: long names and link names, binary xattrs, big ids, setuid/sticky. */
function sampleEntries(): TarInput[] {
  const base = { uid: 0, gid: 0, mtime: 1700000000, size: 0 };
  return [
    { header: { ...base, path: 'dir', type: 'directory', mode: 0o1777 } },
    { header: { ...base, path: 'dir/file', type: 'file', mode: 0o4755, uid: 1000, gid: 1001, uname: 'alice', gname: 'staff', size: 5, xattrs: { 'security.capability': CAPABILITY, 'user.note': Buffer.from('héllo') } }, body: Buffer.from('hello') },
    { header: { ...base, path: 'dir/empty', type: 'file', mode: 0 } },
    { header: { ...base, path: 'dir/link', type: 'symlink', mode: 0o777, linkTarget: '../etc/passwd' } },
    { header: { ...base, path: 'dir/hard', type: 'hardlink', mode: 0o4755, linkTarget: 'dir/file' } },
    { header: { ...base, path: 'dev/null', type: 'char-device', mode: 0o666, devMajor: 1, devMinor: 3 } },
    { header: { ...base, path: 'dev/sda', type: 'block-device', mode: 0o660, devMajor: 8, devMinor: 0, gid: 6 } },
    { header: { ...base, path: 'run/fifo', type: 'fifo', mode: 0o2644 } },
    { header: { ...base, path: LONG_DIR, type: 'directory', mode: 0o755 } },
    { header: { ...base, path: LONG_NAME, type: 'file', mode: 0o600, uid: 3000000000, gid: 4000000, size: 3 }, body: Buffer.from('abc') },
    { header: { ...base, path: 'dir/longlink', type: 'symlink', mode: 0o777, linkTarget: `/${'t'.repeat(200)}` } },
    { header: { ...base, path: 'dir/ünïcode', type: 'file', mode: 0o644, size: 0, uname: 'a-very-long-user-name-beyond-32-bytes' } },
  ] as TarInput[];
}

async function readAll(tar: Readable | Buffer): Promise<{ header: TarHeader; data: Buffer }[]> {
  const out = [];
  const input = Buffer.isBuffer(tar) ? Readable.from([tar]) : tar;
  for await (const entry of readTar(input)) {
    const chunks = [];
    for await (const chunk of entry.body) chunks.push(chunk);
    out.push({ header: entry.header, data: Buffer.concat(chunks) });
  }
  return out;
}

test('every entry type round-trips through writeTar and readTar', async () => {
  const entries = sampleEntries();
  const read = await readAll(await buffer(writeTar(entries)));
  assert.equal(read.length, entries.length);
  for (const [i, { header, data }] of read.entries()) {
    const expected = { ...entries[i]!.header };
    assert.deepEqual(header, expected, `entry ${expected.path}`);
    assert.deepEqual(data, Buffer.isBuffer(entries[i]!.body) ? entries[i]!.body : Buffer.alloc(0));
  }
});

test('GNU tar lists our archive with the right types, owners, modes and names', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-tar-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'a.tar'), await buffer(writeTar(sampleEntries())));
  const listing = execFileSync('tar', ['--numeric-owner', '-tvf', join(dir, 'a.tar')], { encoding: 'utf8' }).trim().split('\n');
  const expectations = [
    /^drwxrwxrwt 0\/0 .* dir\/$/,
    /^-rwsr-xr-x 1000\/1001 +5 .* dir\/file$/,
    /^---------- 0\/0 .* dir\/empty$/,
    /^lrwxrwxrwx 0\/0 .* dir\/link -> \.\.\/etc\/passwd$/,
    /^hrwsr-xr-x 0\/0 .* dir\/hard link to dir\/file$/,
    /^crw-rw-rw- 0\/0 +1,3 .* dev\/null$/,
    /^brw-rw---- 0\/6 +8,0 .* dev\/sda$/,
    /^prw-r-Sr-- 0\/0 .* run\/fifo$/,
  ];
  for (const [i, pattern] of expectations.entries()) assert.match(listing[i]!, pattern);
  assert.ok(listing[9]!.includes(`3000000000/4000000`) && listing[9]!.endsWith(LONG_NAME), listing[9]);
  assert.ok(listing[10]!.endsWith(`dir/longlink -> /${'t'.repeat(200)}`));
  assert.ok(listing[11]!.endsWith('dir/ünïcode'));
  const xattrs = execFileSync('tar', ['--xattrs', '--xattrs-include=*', '-tvvf', join(dir, 'a.tar')], { encoding: 'utf8' });
  assert.match(xattrs, /x: +20 security\.capability/);
  const extracted = join(dir, 'x');
  execFileSync('mkdir', [extracted]);
  execFileSync('tar', ['-xf', join(dir, 'a.tar'), '-C', extracted, 'dir/file']);
  assert.equal(await readFile(join(extracted, 'dir/file'), 'utf8'), 'hello');
});

test('tar-stream reads our archive (second independent reader)', async () => {
  const extract = tarStream.extract();
  Readable.from([await buffer(writeTar(sampleEntries()))]).pipe(extract);
  const names = [];
  for await (const entry of extract) {
    names.push([entry.header.name, entry.header.type]);
    entry.resume();
  }
  assert.deepEqual(names[0], ['dir/', 'directory']);
  assert.deepEqual(names[4], ['dir/hard', 'link']);
  assert.deepEqual(names[9], [LONG_NAME, 'file']);
});

test('readTar reads GNU tar PAX archives with binary xattrs and GNU long names', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-tar-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const src = join(dir, 'src');
  execFileSync('mkdir', ['-p', join(src, LONG_DIR)]);
  await writeFile(join(src, LONG_NAME), 'long');
  setAttributeSync(join(src, LONG_NAME), 'security.capability', CAPABILITY);
  execFileSync('tar', ['--format=posix', '--xattrs', '--xattrs-include=*', '-cf', join(dir, 'pax.tar'), '-C', src, LONG_DIR.split('/')[0]!]);
  execFileSync('tar', ['--format=gnu', '-cf', join(dir, 'gnu.tar'), '-C', src, LONG_DIR.split('/')[0]!]);
  const pax = await readAll(await readFile(join(dir, 'pax.tar')));
  const file = pax.find((e) => e.header.path === LONG_NAME)!;
  assert.deepEqual(file.header.xattrs?.['security.capability'], CAPABILITY);
  assert.equal(file.data.toString(), 'long');
  const gnu = await readAll(await readFile(join(dir, 'gnu.tar')));
  assert.deepEqual(gnu.map((e) => e.header.path).sort(), pax.map((e) => e.header.path).sort());
});

test('a truncated tar fails with LAYER_CORRUPT naming the entry', async () => {
  const whole = await buffer(writeTar([{ header: { path: 'big', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 4096 }, body: Buffer.alloc(4096, 1) }]));
  await assert.rejects(readAll(whole.subarray(0, 1000)), (err: Error & { code?: string }) => err.code === 'LAYER_CORRUPT' && /truncated.*"big"/.test(err.message));
  const corrupt = Buffer.from(whole);
  corrupt[10] = 0x41;
  await assert.rejects(readAll(corrupt), /checksum mismatch/);
});

test('a body shorter than its header size is refused when writing', async () => {
  const tar = writeTar([{ header: { path: 'short', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 10 }, body: Buffer.from('abc') }]);
  await assert.rejects(buffer(tar), /"short" has 3 bytes but its header says 10/);
});
