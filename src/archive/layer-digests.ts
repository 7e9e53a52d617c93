// diffIDs of stored layer blobs, computed once and remembered by the store. An uncompressed
// layer's diffID is its own digest, so only compressed blobs are read again.

import { type Digest } from '../core/index.js';
import { detectCompression, digestLayerBlob, type DetectedCompression } from '../layer/index.js';
import type { Store } from '../store/index.js';

/** A stored layer blob's uncompressed identity. */
export interface LayerIdentity {
  diffId: Digest;
  compression: DetectedCompression;
  /** Size of the stored blob. */
  size: number;
}

/**
 * Computes (and records with the store) the diffID of a stored layer blob of any compression;
 * `contentSizes` holds docker's sizes measured while blobs streamed in.
 */
export async function layerIdentity(store: Store, digest: Digest, contentSizes?: Map<Digest, number>): Promise<LayerIdentity> {
  const stat = await store.blobs.stat(digest);
  const size = stat?.size ?? 0;
  const head = await readHead(store, digest, size);
  const compression = detectCompression(head);
  if (compression === 'none') {
    const contentSize = contentSizes?.get(digest);
    await store.setLayerInfo(digest, { diffId: digest, size, ...(contentSize === undefined ? {} : { contentSize }) });
    return { diffId: digest, compression, size };
  }
  const digests = await digestLayerBlob(await store.blobs.open(digest));
  await store.setLayerInfo(digest, { diffId: digests.diffId, size: digests.uncompressedSize });
  return { diffId: digests.diffId, compression, size };
}

async function readHead(store: Store, digest: Digest, size: number): Promise<Buffer> {
  if (size === 0) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of await store.blobs.open(digest, { start: 0, end: Math.min(size, 512) - 1 })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
