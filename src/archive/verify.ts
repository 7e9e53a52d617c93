// Checks shared by every archive format: JSON blobs parse, configs list the layers' diffIDs.

import { BerthError, type Descriptor, type Digest, type ImageConfig } from '../core/index.js';
import type { Store } from '../store/index.js';
import { blobPath } from './layout.js';
import { parseJsonEntry } from './json-entry.js';

/** An image found in an archive, its blobs stored and verified, not yet named in the store. */
export interface LoadedImage {
  /** What the image record will point at (manifest or index). */
  target: Descriptor;
  /** Image ID to print when it has no name (config digest, or the index digest). */
  id: Digest;
  /** Full normalized references (`docker.io/library/busybox:latest`). */
  names: string[];
  /** Names that pointed at another image before this load → that image's ID (docker reports these). */
  replaced?: Record<string, Digest>;
}

/** Reads and parses a stored JSON blob; invalid JSON names the archive entry it came from. */
export async function readJsonBlob<T>(store: Store, digest: Digest, entry = blobPath(digest)): Promise<T> {
  return parseJsonEntry<T>(await store.blobs.readBytes(digest), entry);
}

/** Throws ARCHIVE_INVALID unless the config's rootfs.diff_ids are exactly `diffIds`. */
export function verifyDiffIds(config: ImageConfig, diffIds: Digest[], configEntry: string): void {
  const listed = config?.rootfs?.diff_ids;
  if (!Array.isArray(listed)) throw new BerthError('ARCHIVE_INVALID', `invalid archive: entry ${configEntry}: config has no rootfs.diff_ids`);
  if (listed.length !== diffIds.length) {
    throw new BerthError('ARCHIVE_INVALID', `invalid archive: entry ${configEntry}: config lists ${listed.length} layers but the image has ${diffIds.length}`);
  }
  diffIds.forEach((diffId, i) => {
    if (listed[i] !== diffId) {
      throw new BerthError('ARCHIVE_INVALID', `invalid archive: layer ${i + 1} has diffID ${diffId} but ${configEntry} says ${listed[i]}`);
    }
  });
}

/** Throws ARCHIVE_INVALID unless the stored blob exists with the descriptor's size. */
export async function verifyDescriptor(store: Store, descriptor: Descriptor, where: string): Promise<void> {
  const stat = await store.blobs.stat(descriptor.digest);
  if (stat === undefined) throw new BerthError('ARCHIVE_INVALID', `invalid archive: entry ${blobPath(descriptor.digest)} referenced by ${where} is missing from the archive`);
  if (stat.size !== descriptor.size) {
    throw new BerthError('ARCHIVE_INVALID', `invalid archive: entry ${blobPath(descriptor.digest)} has ${stat.size} bytes but ${where} says ${descriptor.size}`);
  }
}
