// What the store knows about a layer blob beyond its digest: the diffID and uncompressed size
// (the image config needs the first, docker's image Size the second). Kept in small immutable
// sidecar files, layerinfo/<alg>/<hex>.json, written once (atomically) and removed by gc with
// the blob. When unknown, they are measured by streaming the blob through a decompressor.

import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Duplex, PassThrough, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BerthError, digestAlgorithm, digestHex, DigestHasher, layerCompression, type Compression, type Digest } from '../core/index.js';
import { isNotFound, readdirOrEmpty, writeFileAtomic } from './fsutil.js';

/** Facts about one layer blob. */
export interface LayerInfo {
  /** sha256 of the uncompressed tar. */
  diffId: Digest;
  /** Bytes of the uncompressed tar stream. */
  size: number;
  /**
   * What docker's classic overlay2 store counts as the layer's size (`docker images` SIZE,
   * `inspect .Size`): the lstat sizes of the unpacked non-directories, i.e. regular file bytes
   * plus symlink target lengths (hardlinks counted once). Absent when the writer did not compute it.
   */
  contentSize?: number;
}

/** Sidecar files of layer facts under a store root. */
export class LayerInfoCache {
  private readonly dir: string;

  constructor(root: string) {
    this.dir = join(root, 'layerinfo');
  }

  private path(digest: Digest): string {
    return join(this.dir, digestAlgorithm(digest), `${digestHex(digest)}.json`);
  }

  /** The recorded facts, or undefined. */
  async get(digest: Digest): Promise<LayerInfo | undefined> {
    try {
      return JSON.parse(await readFile(this.path(digest), 'utf8')) as LayerInfo;
    } catch (err) {
      if (isNotFound(err) || err instanceof SyntaxError) return undefined;
      throw err;
    }
  }

  /** Records facts (atomically; identical content for a digest, so concurrent writers agree). */
  async set(digest: Digest, info: LayerInfo): Promise<void> {
    await writeFileAtomic(this.path(digest), JSON.stringify(info));
  }

  /** Forgets a blob's facts (gc). */
  async delete(digest: Digest): Promise<void> {
    await rm(this.path(digest), { force: true });
  }

  /** Digests that have sidecars, for gc's sweep. */
  async list(): Promise<Digest[]> {
    const out: Digest[] = [];
    for (const algorithm of await readdirOrEmpty(this.dir)) {
      for (const name of await readdirOrEmpty(join(this.dir, algorithm))) {
        if (name.endsWith('.json')) out.push(`${algorithm}:${name.slice(0, -5)}`);
      }
    }
    return out;
  }
}

/**
 * Measures a layer blob: decompresses (gzip in-process, zstd through the `zstd` tool), hashes the
 * tar for its diffID and sums the entries' sizes, all while streaming.
 */
export async function measureLayer(blob: Readable, mediaType: string, digest: Digest): Promise<Required<LayerInfo>> {
  const compression = layerCompression(mediaType);
  if (compression === undefined) {
    blob.destroy();
    throw new BerthError('LAYER_MEDIA_TYPE', `layer ${digest} has unknown media type "${mediaType}"`, { hint: 'expected a tar, tar+gzip or tar+zstd layer' });
  }
  const hasher = new DigestHasher('sha256');
  let contentSize = 0;
  const { default: tar } = await import('tar-stream');
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    contentSize += dockerEntrySize(header);
    stream.on('end', next);
    stream.resume();
  });
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hasher.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(blob, decompressor(compression), hashing, extract);
  } catch (err) {
    throw new BerthError('LAYER_INVALID', `cannot read layer ${digest} (${mediaType}): ${(err as Error).message}`, { cause: err });
  }
  return { diffId: hasher.digest(), size: hasher.size, contentSize };
}

/**
 * The bytes docker's overlay2 size walk counts for one tar entry (see LayerInfo.contentSize):
 * a regular file's size, a symlink's target length, 0 for anything else (directories, hardlinks,
 * devices, fifos). Writers that see the entries sum this to set `contentSize`.
 */
export function dockerEntrySize(entry: { type?: string | null; size?: number; linkname?: string | null }): number {
  if (entry.type === 'file' || entry.type === 'contiguous-file') return entry.size ?? 0;
  if (entry.type === 'symlink') return Buffer.byteLength(entry.linkname ?? '');
  return 0;
}

function decompressor(compression: Compression): NodeJS.ReadWriteStream {
  if (compression === 'gzip') return createGunzip();
  if (compression === 'none') return new PassThrough();
  return zstdDecompressor();
}

/** A duplex around `zstd -dc` (Node 20 has no zstd in zlib). */
function zstdDecompressor(): NodeJS.ReadWriteStream {
  const child = spawn('zstd', ['-dc', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const output = new PassThrough();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.on('error', () => undefined);
  child.stdout.pipe(output, { end: false });
  child.on('error', (err) => output.destroy(new Error(`cannot run zstd: ${err.message}`)));
  child.on('close', (code) => {
    if (code === 0) output.end();
    else output.destroy(new Error(`zstd failed: ${stderr.trim() || `exit status ${code}`}`));
  });
  return Duplex.from({ writable: child.stdin, readable: output });
}
