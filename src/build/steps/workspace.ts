import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DOCKER_LAYER_TAR, DOCKER_LAYER_TAR_GZIP, DOCKER_LAYER_TAR_ZSTD } from '../../core/index.js';
import type { Digest } from '../../core/index.js';
import type { Compression, PackOptions } from '../../layer/index.js';
import type { LayerCache, Snapshot } from '../../snapshot/index.js';
import type { Store } from '../../store/index.js';
import type { BuiltLayer } from '../image/state.js';
import { layer as layerModule, snapshot as snapshotModule } from '../lazy.js';
import { changesToLayer } from './diff-layer.js';

const MEDIA_TYPES: Record<Compression, string> = { none: DOCKER_LAYER_TAR, gzip: DOCKER_LAYER_TAR_GZIP, zstd: DOCKER_LAYER_TAR_ZSTD };

/** How new layers are written. */
export interface LayerWriteOptions {
  /** Clamp file times (SOURCE_DATE_EPOCH). */
  sourceDateEpoch?: number;
  /**
   * Layer compression: `none` keeps layers as plain tars in the store like docker's own image store
   * (fastest; archives and pushes compress later), `gzip` (parallel with pigz), `zstd`. Default none.
   */
  compression?: Compression;
  /** Snapshots: 'auto' (overlayfs when the kernel allows, else copies with a notice) or 'copy' to force copies. */
  snapshotMode?: 'auto' | 'copy';
  /** Receives one-line notices (the copy fallback). */
  onNotice?: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * Where steps get root filesystems and turn changes into layers: unpacked layers (LayerCache),
 * writable snapshots over them, and layer blobs written to the store.
 */
export class Workspace {
  private cache?: LayerCache;
  readonly snapshotRoot: string;
  /** runc state and bundles of RUN steps. */
  readonly stateDir: string;

  constructor(readonly store: Store, private readonly pack: LayerWriteOptions) {
    this.snapshotRoot = join(store.root, 'snapshots');
    this.stateDir = join(store.root, 'build-state');
  }

  /** The unpacked layers (`<store root>/layers`). */
  async layerCache(): Promise<LayerCache> {
    this.cache ??= new (await snapshotModule()).LayerCache(join(this.store.root, 'layers'));
    return this.cache;
  }

  /** The unpacked directories of `layers` (bottom first in, top first out: overlay lower order). */
  async lowers(layers: readonly BuiltLayer[]): Promise<string[]> {
    const cache = await this.layerCache();
    const { openLayerBlob } = await layerModule();
    const open = async (layer: BuiltLayer): Promise<NodeJS.ReadableStream> => (await openLayerBlob(await this.store.blobs.open(layer.descriptor.digest))).tar;
    const dirs = await Promise.all(layers.map((layer) => cache.ensure(layer.diffId, () => open(layer), { signal: this.pack.signal })));
    return dirs.reverse();
  }

  /**
   * A new snapshot over `layers` (the caller removes it). Volatile: its upper is either discarded or,
   * once its layer blob is committed (fsynced), adopted into the LayerCache, which re-derives it from
   * the blob after a crash; so unmounting it never waits for the upper filesystem to be synced.
   */
  async snapshot(layers: readonly BuiltLayer[]): Promise<Snapshot> {
    await mkdir(this.snapshotRoot, { recursive: true });
    const { createSnapshot } = await snapshotModule();
    return createSnapshot({
      root: this.snapshotRoot,
      lowers: await this.lowers(layers),
      mode: this.pack.snapshotMode,
      volatile: true,
      onNotice: this.pack.onNotice,
      signal: this.pack.signal,
    });
  }

  /** Runs `work` on a writable snapshot over `layers`; the snapshot is always removed afterwards. */
  async withSnapshot<T>(layers: readonly BuiltLayer[], work: (snapshot: Snapshot) => Promise<T>): Promise<T> {
    const snapshot = await this.snapshot(layers);
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
    const tar = changes.kind === 'upper' ? (await layerModule()).overlayUpperToLayer(changes.upperDir, options) : await changesToLayer(changes.rootfs, changes.entries, options);
    const layer = await this.storeLayer(tar);
    if (changes.kind === 'upper' && this.pack.sourceDateEpoch === undefined) await this.adoptUpper(snapshot, changes.upperDir, layer);
    return layer;
  }

  /**
   * An overlay upper dir is already the layer in the LayerCache's format: moving it there spares the
   * next step unpacking the blob just written. (Not with SOURCE_DATE_EPOCH: the blob's clamped times
   * must then be what later steps see.) The upper was mounted volatile and is never synced: the
   * cache trusts it only until a reboot, then unpacks the committed blob instead.
   */
  private async adoptUpper(snapshot: Snapshot, upperDir: string, layer: BuiltLayer): Promise<void> {
    const cache = await this.layerCache();
    if (await cache.has(layer.diffId)) return;
    await snapshot.unmount();
    await cache.adopt(layer.diffId, upperDir);
  }

  /** Writes a layer tar into the store in the chosen compression (gzip in parallel where pigz is installed). */
  async storeLayer(tar: Readable): Promise<BuiltLayer> {
    const compression = this.pack.compression ?? 'none';
    if (compression === 'none') {
      // The blob is the tar: the store's own digest is the diffID, so the bytes are hashed once. The
      // store is the tar's only consumer: each file chunk it has written goes back to the packer's pool.
      const { packReadBuffers } = await layerModule();
      const written = await this.store.blobs.writeStream(tar, undefined, { signal: this.pack.signal, onWritten: (chunk) => packReadBuffers.giveBack(chunk) });
      await this.store.setLayerInfo(written.digest, { diffId: written.digest, size: written.size });
      return { descriptor: { mediaType: MEDIA_TYPES.none, digest: written.digest, size: written.size }, diffId: written.digest };
    }
    const { stream, digests } = (await layerModule()).compressLayer(tar, compression, { parallel: true });
    const written = await this.store.blobs.writeStream(stream, undefined, { signal: this.pack.signal });
    const d = await digests;
    await this.store.setLayerInfo(written.digest, { diffId: d.diffId, size: d.uncompressedSize });
    return { descriptor: { mediaType: MEDIA_TYPES[compression], digest: written.digest, size: written.size }, diffId: d.diffId as Digest };
  }

  /** The layer in this build's compression: a cached layer written with another one is re-encoded (same diffID). */
  async inCompression(layer: BuiltLayer): Promise<BuiltLayer> {
    const compression = this.pack.compression ?? 'none';
    if (layer.descriptor.mediaType === MEDIA_TYPES[compression]) return layer;
    const { tar } = await (await layerModule()).openLayerBlob(await this.store.blobs.open(layer.descriptor.digest));
    return this.storeLayer(tar);
  }

  /** Pack options every new layer gets (SOURCE_DATE_EPOCH clamping). */
  packOptions(): PackOptions {
    return { sourceDateEpoch: this.pack.sourceDateEpoch, signal: this.pack.signal };
  }
}
