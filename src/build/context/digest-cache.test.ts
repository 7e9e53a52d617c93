import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { openContext } from './open.js';

/** Past the cache's racy window: digests of files changed before it are recorded. */
const RACY_WAIT_MS = 2100;

type Row = [string, number, number, number, number, string];

const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** A context directory `ctx` and a digest cache directory `cache` in a temp dir. */
async function withContext(run: (ctx: string, cacheDir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-digest-cache-'));
  try {
    await mkdir(join(dir, 'ctx'));
    await run(join(dir, 'ctx'), join(dir, 'cache'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Opens the context with its digest cache, returns the digest of `file`, closes it (saving the cache). */
async function digestOf(ctx: string, cacheDir: string, file: string): Promise<string> {
  const { context } = await openContext({ path: ctx, dockerfile: '-', stdin: Readable.from([Buffer.from('FROM scratch\n')]), digestCacheDir: cacheDir });
  try {
    const entry = await context.stat(file);
    assert.ok(entry, `${file} exists`);
    return await context.fileDigest(entry);
  } finally {
    await context.close();
  }
}

const cachePath = (ctx: string, cacheDir: string): string => join(cacheDir, `${createHash('sha256').update(ctx).digest('hex')}.json`);

async function recordedRows(ctx: string, cacheDir: string): Promise<Row[]> {
  const file = JSON.parse(await readFile(cachePath(ctx, cacheDir), 'utf8')) as { version: number; files: Row[] };
  assert.equal(file.version, 2);
  return file.files;
}

test('the digest cache serves unchanged files, and a same-size edit that keeps the mtime is still seen (ctime)', () =>
  withContext(async (ctx, cacheDir) => {
    const file = join(ctx, 'a.txt');
    await writeFile(file, 'one');
    await sleep(RACY_WAIT_MS);
    assert.equal(await digestOf(ctx, cacheDir, 'a.txt'), sha256('one'));
    const rows = await recordedRows(ctx, cacheDir);
    assert.deepEqual(rows.map((row) => [row[0], row[5]]), [['a.txt', sha256('one')]]);

    // Trusted while size, mtime, ctime and inode match: a planted digest is served without reading the file.
    const planted = sha256('planted');
    rows[0][5] = planted;
    await writeFile(cachePath(ctx, cacheDir), JSON.stringify({ version: 2, files: rows }));
    assert.equal(await digestOf(ctx, cacheDir, 'a.txt'), planted);

    // Same size, mtime set back to the nanosecond (touch -r): only the ctime differs, and that is enough.
    const before = await stat(file);
    execFileSync('touch', ['-r', file, join(ctx, 'reference')]);
    await writeFile(file, 'two');
    execFileSync('touch', ['-m', '-r', join(ctx, 'reference'), file]);
    assert.equal((await stat(file)).mtimeMs, before.mtimeMs);
    assert.equal(await digestOf(ctx, cacheDir, 'a.txt'), sha256('two'));
  }));

test('a file changed within the racy window is hashed but not recorded; a cache file of another format is ignored', () =>
  withContext(async (ctx, cacheDir) => {
    await writeFile(join(ctx, 'fresh.txt'), 'fresh');
    assert.equal(await digestOf(ctx, cacheDir, 'fresh.txt'), sha256('fresh'));
    await assert.rejects(readFile(cachePath(ctx, cacheDir)), { code: 'ENOENT' });

    await sleep(RACY_WAIT_MS);
    await mkdir(cacheDir);
    await writeFile(cachePath(ctx, cacheDir), JSON.stringify({ 'fresh.txt': { sig: 'x', digest: sha256('stale') } }));
    assert.equal(await digestOf(ctx, cacheDir, 'fresh.txt'), sha256('fresh'));
    assert.deepEqual((await recordedRows(ctx, cacheDir)).map((row) => [row[0], row[5]]), [['fresh.txt', sha256('fresh')]]);
  }));
