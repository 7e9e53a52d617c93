// Streams one layer blob once: decompresses it (any compression), hashes the uncompressed tar
// for its diffID, and keeps only per-entry metadata plus a content hash of each file. Nothing of
// the layer's data is held in memory.

import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BerthError, type Digest } from '../core/index.js';
import { DigestStream, readTar } from '../layer/index.js';
import type { SourceLayer } from './source/types.js';
import type { LayerEntry, LayerScan } from './types.js';
import { uncompressedStream } from './uncompressed.js';

/**
 * Scans `layer`. With `diffId`, the uncompressed tar must match it (which also proves the blob
 * intact: damaged compressed data cannot inflate to the right content); without, the blob must
 * match its own digest. LAYER_CORRUPT otherwise.
 */
export async function scanLayer(layer: SourceLayer, diffId: Digest | undefined): Promise<LayerScan> {
  const blob = await layer.open();
  const compressed = new CountingStream(diffId === undefined);
  blob.on('error', (err) => compressed.destroy(err));
  const stream = await uncompressedStream(blob.pipe(compressed), `layer ${layer.digest}`);
  const uncompressed = new DigestStream();
  stream.on('error', (err) => uncompressed.destroy(err));
  stream.pipe(uncompressed);
  const entries: LayerEntry[] = [];
  let fileBytes = 0;
  for await (const { header, body } of readTar(uncompressed)) {
    const entry: LayerEntry = { path: absolutePath(header.path), type: header.type, mode: header.mode, uid: header.uid, gid: header.gid, size: header.size };
    if (header.linkTarget !== undefined) entry.linkTarget = header.linkTarget;
    if (header.type === 'file') {
      const hash = createHash('sha256');
      for await (const chunk of body) hash.update(chunk);
      entry.hash = hash.digest('base64url').slice(0, 22);
    }
    fileBytes += header.size;
    entries.push(entry);
  }
  if (!uncompressed.writableFinished) await new Promise((resolve, reject) => uncompressed.once('finish', resolve).once('error', reject));
  if (diffId === undefined && compressed.digest !== layer.digest && uncompressed.digest !== layer.digest) {
    throw new BerthError('LAYER_CORRUPT', `layer ${layer.digest}: the blob's digest is ${compressed.digest}`, { hint: 'the image is damaged; fetch or build it again' });
  }
  if (diffId !== undefined && uncompressed.digest !== diffId) {
    throw new BerthError('LAYER_CORRUPT', `layer ${layer.digest}: content digest ${uncompressed.digest} does not match the config's diff_id ${diffId}`, { hint: 'the image is damaged; fetch or build it again' });
  }
  return { digest: layer.digest, diffId: uncompressed.digest, compressedSize: compressed.size, tarSize: uncompressed.size, fileBytes, entries };
}

/** A tar path as an absolute image path (`./usr/bin` → `/usr/bin`, `.` → `/`). */
function absolutePath(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  return trimmed === '.' || trimmed === '' ? '/' : `/${trimmed}`;
}

/** Counts the bytes flowing through, and hashes them only when asked (the diffID check usually suffices). */
class CountingStream extends Transform {
  private readonly hash?: Hash;
  size = 0;

  constructor(hashing: boolean) {
    super();
    if (hashing) this.hash = createHash('sha256');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash?.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  /** The sha256 digest of what passed (only when hashing; read after the end). */
  get digest(): string {
    return this.hash === undefined ? '' : `sha256:${this.hash.copy().digest('hex')}`;
  }
}
