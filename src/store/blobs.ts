// Content-addressed blobs in an OCI image layout: blobs/<algorithm>/<hex>. Writes stream into
// ingest/ (same filesystem), are hashed on the way, verified, fsynced and renamed into place.

import { type FileHandle, link, mkdir, open, readFile, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import {
  BerthError,
  canonicalJson,
  computeDigest,
  digestAlgorithm,
  digestHex,
  DigestHasher,
  isDigest,
  parseDigest,
  type Descriptor,
  type Digest,
  type DigestAlgorithm,
} from '../core/index.js';
import { isNotFound, readdirOrEmpty, syncDir, tempPath } from './fsutil.js';
import { PipelinedWriter } from './pipelined-writer.js';
import type { ProcessLease } from './leases.js';
import type { BlobStore, ExpectedBlob, WriteBlobOptions, WrittenBlob } from './types.js';

const DEFAULT_MAX_READ = 16 * 1024 * 1024;
/** Bytes gathered before one write call: fewer syscalls than one write per stream chunk. */
const WRITE_BATCH = 1024 * 1024;

/** The filesystem BlobStore of a store root. */
export class FsBlobStore implements BlobStore {
  readonly root: string;
  /** Where temp files of in-progress writes live (same filesystem as blobs/). */
  readonly ingestDir: string;

  /** `lease` records each blob before it becomes visible, protecting it from other processes' gc. */
  constructor(
    root: string,
    private readonly lease?: ProcessLease,
  ) {
    this.root = root;
    this.ingestDir = join(root, 'ingest');
  }

  path(digest: Digest): string {
    parseDigest(digest);
    return join(this.root, 'blobs', digestAlgorithm(digest), digestHex(digest));
  }

  async writeStream(source: Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>, expected: ExpectedBlob = {}, options: WriteBlobOptions = {}): Promise<WrittenBlob> {
    const algorithm = expectedAlgorithm(expected, options);
    await mkdir(this.ingestDir, { recursive: true });
    const temp = tempPath(this.ingestDir, 'blob');
    try {
      const hasher = new DigestHasher(algorithm);
      const handle = await open(temp, 'wx', 0o644);
      try {
        await copyHashing(source, handle, hasher, expected, options);
      } finally {
        await handle.close();
      }
      const written = verify(hasher.digest(), hasher.size, expected);
      await this.lease?.add(written.digest);
      return await this.commit(temp, written);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async writeBytes(bytes: Uint8Array, expected: ExpectedBlob = {}, options: WriteBlobOptions = {}): Promise<WrittenBlob> {
    // Bytes in memory are hashed first: a blob already stored (a rebuild's config) costs a stat and a utimes, not a temp file and two fsyncs.
    const written = { digest: computeDigest(bytes, expectedAlgorithm(expected, options)), size: bytes.length };
    if ((expected.digest ?? written.digest) === written.digest && (expected.size ?? written.size) === written.size) {
      await this.lease?.add(written.digest);
      if (await this.refreshExisting(written)) return { ...written, existed: true };
    }
    return this.writeStream([bytes], expected, options);
  }

  async writeJson(value: unknown, mediaType: string): Promise<Descriptor> {
    const bytes = canonicalJson(value);
    const { digest, size } = await this.writeBytes(bytes);
    return { mediaType, digest, size };
  }

  /**
   * Moves a verified temp file into place. An existing identical blob is kept and its mtime
   * refreshed so gc's grace window restarts; if gc removed it meanwhile (utimes finds nothing),
   * the temp file is renamed into place instead.
   */
  private async commit(temp: string, written: { digest: Digest; size: number }): Promise<WrittenBlob> {
    const final = this.path(written.digest);
    if (await this.refreshExisting(written)) {
      await rm(temp, { force: true });
      return { ...written, existed: true };
    }
    const dir = join(this.root, 'blobs', digestAlgorithm(written.digest));
    await mkdir(dir, { recursive: true });
    await rename(temp, final);
    await syncDir(dir);
    return { ...written, existed: false };
  }

  /** True when the blob is already stored with this size; its mtime is refreshed so gc's grace window restarts. */
  private async refreshExisting(written: { digest: Digest; size: number }): Promise<boolean> {
    const existing = await this.stat(written.digest);
    if (existing === undefined || existing.size !== written.size) return false;
    const now = new Date();
    return utimes(this.path(written.digest), now, now).then(
      () => true,
      (err: unknown) => {
        if (isNotFound(err)) return false;
        throw err;
      },
    );
  }

  /**
   * Removes a blob only if it is older than `cutoffMs` (gc). The blob is first moved aside, then
   * its mtime checked again: a writer that refreshed it in between gets it put back, and a writer
   * refreshing it after the move finds it gone and writes it anew (see commit).
   */
  async deleteIfOlder(digest: Digest, cutoffMs: number): Promise<number | undefined> {
    const final = this.path(digest);
    await mkdir(this.ingestDir, { recursive: true });
    const aside = tempPath(this.ingestDir, `gc-${digestHex(digest)}`);
    try {
      await rename(final, aside);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const info = await stat(aside);
    if (info.mtimeMs > cutoffMs) {
      await link(aside, final).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      await unlink(aside);
      return undefined;
    }
    await unlink(aside);
    return info.size;
  }

  async has(digest: Digest): Promise<boolean> {
    return (await this.stat(digest)) !== undefined;
  }

  async stat(digest: Digest): Promise<{ size: number; mtimeMs: number } | undefined> {
    try {
      const info = await stat(this.path(digest));
      return { size: info.size, mtimeMs: info.mtimeMs };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async open(digest: Digest, range: { start?: number; end?: number } = {}): Promise<Readable> {
    const path = this.path(digest);
    const handle = await open(path, 'r').catch((err: unknown) => {
      throw isNotFound(err) ? this.unknown(digest) : err;
    });
    return handle.createReadStream({ start: range.start, end: range.end, highWaterMark: 256 * 1024 });
  }

  async readBytes(digest: Digest, maxBytes = DEFAULT_MAX_READ): Promise<Buffer> {
    const info = await this.stat(digest);
    if (info === undefined) throw this.unknown(digest);
    if (info.size > maxBytes) {
      throw new BerthError('BLOB_TOO_LARGE', `blob ${digest} is ${info.size} bytes, more than the ${maxBytes} bytes read into memory`, { hint: 'stream it with open()' });
    }
    const bytes = await readFile(this.path(digest));
    const actual = computeDigest(bytes, digestAlgorithm(digest) as DigestAlgorithm);
    if (actual !== digest) {
      throw new BerthError('BLOB_CORRUPT', `blob ${digest} in ${this.root} is corrupt: its content hashes to ${actual}`, { hint: 'remove the image and pull or load it again' });
    }
    return bytes;
  }

  async readJson<T = unknown>(digest: Digest): Promise<T> {
    const bytes = await this.readBytes(digest);
    try {
      return JSON.parse(bytes.toString('utf8')) as T;
    } catch (err) {
      throw new BerthError('BLOB_INVALID_JSON', `blob ${digest} is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
  }

  async delete(digest: Digest): Promise<boolean> {
    try {
      await unlink(this.path(digest));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async list(): Promise<Digest[]> {
    const out: Digest[] = [];
    for (const algorithm of await readdirOrEmpty(join(this.root, 'blobs'))) {
      for (const hex of await readdirOrEmpty(join(this.root, 'blobs', algorithm))) {
        const digest = `${algorithm}:${hex}`;
        if (isDigest(digest)) out.push(digest);
      }
    }
    return out;
  }

  private unknown(digest: Digest): BerthError {
    return new BerthError('BLOB_UNKNOWN', `blob ${digest} not found in store ${this.root}`);
  }
}

function expectedAlgorithm(expected: ExpectedBlob, options: WriteBlobOptions): DigestAlgorithm {
  if (expected.digest === undefined) return options.algorithm ?? 'sha256';
  const { algorithm } = parseDigest(expected.digest);
  if (algorithm !== 'sha256' && algorithm !== 'sha512') {
    throw new BerthError('DIGEST_INVALID', `cannot verify ${expected.digest}: unsupported algorithm`);
  }
  return algorithm;
}

function verify(digest: Digest, size: number, expected: ExpectedBlob): { digest: Digest; size: number } {
  if (expected.size !== undefined && size !== expected.size) {
    throw new BerthError('BLOB_SIZE_MISMATCH', `blob ${expected.digest ?? digest} has ${size} bytes, expected ${expected.size}`);
  }
  if (expected.digest !== undefined && digest !== expected.digest) {
    throw new BerthError('BLOB_DIGEST_MISMATCH', `blob digest mismatch: expected ${expected.digest}, content is ${digest} (${size} bytes)`);
  }
  return { digest, size };
}

/**
 * Copies `source` into `handle` while hashing (the previous batch is written meanwhile) and fsyncs it; stops early once more
 * than the expected size arrived. Each chunk goes to `onWritten` once its write has completed.
 */
async function copyHashing(
  source: Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  handle: FileHandle,
  hasher: DigestHasher,
  expected: ExpectedBlob,
  options: WriteBlobOptions,
): Promise<void> {
  const { signal, onWritten } = options;
  const writer = new PipelinedWriter(handle);
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  // The batch queued last: its write is complete once the writer accepts the next one.
  let inFlight: Uint8Array[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await writer.write(batch, batchBytes);
    if (onWritten) for (const chunk of inFlight) onWritten(chunk);
    inFlight = batch;
    batch = [];
    batchBytes = 0;
  };
  for await (const chunk of source) {
    signal?.throwIfAborted();
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    hasher.update(bytes);
    if (expected.size !== undefined && hasher.size > expected.size) {
      throw new BerthError('BLOB_SIZE_MISMATCH', `blob ${expected.digest ?? '(being written)'} is longer than the expected ${expected.size} bytes`);
    }
    batch.push(bytes);
    batchBytes += bytes.length;
    if (batchBytes >= WRITE_BATCH) await flush();
  }
  signal?.throwIfAborted();
  await flush();
  await writer.finish();
  if (onWritten) for (const chunk of inFlight) onWritten(chunk);
}
