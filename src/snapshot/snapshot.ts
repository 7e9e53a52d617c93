import { BerthError } from '../core/index.js';
import type { Snapshot, SnapshotOptions } from './types.js';

/**
 * Creates a snapshot: `<root>/<id>/` with an overlay of `lowers` mounted at `rootfs/` (plus `upper/`
 * and `work/`), or, when overlayfs is unavailable (or `mode: 'copy'`), a copy of the lowers with
 * whiteouts applied and a one-line notice. Registered for removal at process exit unless `persistent`.
 */
export async function createSnapshot(options: SnapshotOptions): Promise<Snapshot> {
  void options;
  throw new BerthError('NOT_IMPLEMENTED', 'createSnapshot is not implemented yet');
}

/**
 * Opens an existing persistent snapshot `<root>/<id>` (made by an earlier process), without
 * mounting it; call {@link Snapshot.mount} before use. Throws BerthError SNAPSHOT_NOT_FOUND.
 */
export async function openSnapshot(root: string, id: string): Promise<Snapshot> {
  void root;
  void id;
  throw new BerthError('NOT_IMPLEMENTED', 'openSnapshot is not implemented yet');
}
