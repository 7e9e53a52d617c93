import { mkdir, readdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { DOCKER_LAYER_TAR_GZIP } from '../../core/index.js';
import type { Digest } from '../../core/index.js';
import { compressLayer, openLayerBlob, overlayUpperToLayer } from '../../layer/index.js';
import type { PackOptions } from '../../layer/index.js';
import { createSnapshot, LayerCache } from '../../snapshot/index.js';
import type { Snapshot } from '../../snapshot/index.js';
import type { Store } from '../../store/index.js';
import type { BuiltLayer } from '../image/state.js';
import { changesToLayer } from './diff-layer.js';

/**
 * Where steps get root filesystems and turn changes into layers: unpacked layers (LayerCache),
 * writable snapshots over them, and layer blobs written to the store.
 */
export class Workspace {
  readonly layerCache: LayerCache;
  readonly snapshotRoot: string;
  /** runc state and bundles of RUN steps. */
  readonly stateDir: string;

  constructor(readonly store: Store, private readonly pack: { sourceDateEpoch?: number; signal?: AbortSignal }) {
    this.layerCache = new LayerCache(join(store.root, 'layers'));
    this.snapshotRoot = join(store.root, 'snapshots');
    this.stateDir = join(store.root, 'build-state');
  }

  /** The unpacked directories of `layers` (bottom first in, top first out: overlay lower order). */
  async lowers(layers: readonly BuiltLayer[]): Promise<string[]> {
    const dirs = await Promise.all(
      layers.map((layer) =>
        this.layerCache.ensure(layer.diffId, async () => (await openLayerBlob(await this.store.blobs.open(layer.descriptor.digest))).tar, { signal: this.pack.signal }),
      ),
    );
    return dirs.reverse();
  }

  /** Runs `work` on a writable snapshot over `layers`; the snapshot is always removed afterwards. */
  async withSnapshot<T>(layers: readonly BuiltLayer[], work: (snapshot: Snapshot) => Promise<T>): Promise<T> {
    await mkdir(this.snapshotRoot, { recursive: true });
    const snapshot = await createSnapshot({ root: this.snapshotRoot, lowers: await this.lowers(layers), signal: this.pack.signal });
    try {
      return await work(snapshot);
    } finally {
      await snapshot.remove();
    }
  }

  /** The layer of what a snapshot changed, or undefined when it changed nothing (BuildKit drops empty layers). */
  async commit(snapshot: Snapshot): Promise<BuiltLayer | undefined> {
    const changes = await snapshot.changes();
    const empty = changes.kind === 'upper' ? (await readdir(changes.upperDir)).length === 0 : changes.entries.length === 0;
    if (empty) return undefined;
    const options = this.packOptions();
    const tar = changes.kind === 'upper' ? overlayUpperToLayer(changes.upperDir, options) : changesToLayer(changes.rootfs, changes.entries, options);
    const layer = await this.storeLayer(tar);
    if (changes.kind === 'upper' && this.pack.sourceDateEpoch === undefined) await this.adoptUpper(snapshot, changes.upperDir, layer);
    return layer;
  }

  /**
   * An overlay upper dir is already the layer in the LayerCache's format: moving it there spares the
   * next step unpacking the blob just written. (Not with SOURCE_DATE_EPOCH: the blob's clamped times
   * must then be what later steps see.)
   */
  private async adoptUpper(snapshot: Snapshot, upperDir: string, layer: BuiltLayer): Promise<void> {
    const target = this.layerCache.path(layer.diffId);
    if (await this.layerCache.has(layer.diffId)) return;
    await snapshot.unmount();
    await mkdir(dirname(target), { recursive: true });
    await rename(upperDir, target).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
  }

  /** Compresses a layer tar into the store (gzip, parallel where pigz is installed). */
  async storeLayer(tar: Readable): Promise<BuiltLayer> {
    const { stream, digests } = compressLayer(tar, 'gzip', { parallel: true });
    const written = await this.store.blobs.writeStream(stream, undefined, { signal: this.pack.signal });
    const d = await digests;
    await this.store.setLayerInfo(written.digest, { diffId: d.diffId, size: d.uncompressedSize });
    return { descriptor: { mediaType: DOCKER_LAYER_TAR_GZIP, digest: written.digest, size: written.size }, diffId: d.diffId as Digest };
  }

  /** Pack options every new layer gets (SOURCE_DATE_EPOCH clamping). */
  packOptions(): PackOptions {
    return { sourceDateEpoch: this.pack.sourceDateEpoch, signal: this.pack.signal };
  }
}
