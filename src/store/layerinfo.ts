// What the store knows about a layer blob beyond its digest: the diffID and uncompressed size
// (the image config needs the first, docker's image Size the second). Kept in small immutable
// sidecar files, layerinfo/<alg>/<hex>.json, written once (atomically) and removed by gc with
// the blob. When unknown, they are measured by streaming the blob through a decompressor
// (layer-measure.ts).

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { digestAlgorithm, digestHex, type Digest } from '../core/index.js';
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
 * The bytes docker's overlay2 size walk counts for one tar entry (see LayerInfo.contentSize):
 * a regular file's size, a symlink's target length, 0 for anything else (directories, hardlinks,
 * devices, fifos). Writers that see the entries sum this to set `contentSize`.
 */
export function dockerEntrySize(entry: { type?: string | null; size?: number; linkname?: string | null }): number {
  if (entry.type === 'file' || entry.type === 'contiguous-file') return entry.size ?? 0;
  if (entry.type === 'symlink') return Buffer.byteLength(entry.linkname ?? '');
  return 0;
}
