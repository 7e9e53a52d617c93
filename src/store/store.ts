import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError, hostPlatform, platformsMatch, type Descriptor, type Digest, type ImageConfig, type Manifest, type Platform } from '../core/index.js';
import { FsBlobStore } from './blobs.js';
import { isNotFound, writeFileAtomic } from './fsutil.js';
import { collectGarbage } from './gc.js';
import { GcRootFiles, type GcRoot } from './gcroots.js';
import { LayerInfoCache, type LayerInfo } from './layerinfo.js';
import { ProcessLease } from './leases.js';
import { StoreLock } from './lock.js';
import { IndexRecords } from './records.js';
import { resolveStoreRoot, type StoreRootOptions } from './root.js';
import type { FindImageOptions, GcOptions, GcResult, ImageListing, ImageRecord, ImageSummary, ImageView } from './types.js';
import { ImageLoader, lookupPlatform, resolveRecords } from './views.js';

/** Options of openStore. */
export interface OpenStoreOptions extends StoreRootOptions {
  /** Create the root and its layout when missing (default true). */
  create?: boolean;
}

const OCI_LAYOUT = JSON.stringify({ imageLayoutVersion: '1.0.0' });

/**
 * The local image store rooted at one directory: an OCI image layout (oci-layout, index.json,
 * blobs/) plus ingest/ (temp files, and leases/: the blobs each live process wrote), layerinfo/
 * (layer facts), gcroots/ (extra gc roots) and lock. Safe to use from several processes at once.
 */
export class Store {
  /** Absolute store root. */
  readonly root: string;
  readonly blobs: FsBlobStore;
  readonly images: IndexRecords;
  private readonly lock: StoreLock;
  private readonly layerInfos: LayerInfoCache;
  private readonly gcRootFiles: GcRootFiles;
  private readonly loader: ImageLoader;

  /** Use openStore. */
  constructor(root: string) {
    this.root = root;
    this.blobs = new FsBlobStore(root, new ProcessLease(root));
    this.lock = new StoreLock(root);
    this.layerInfos = new LayerInfoCache(root);
    this.gcRootFiles = new GcRootFiles(root);
    this.loader = new ImageLoader(this.blobs, this.layerInfos);
    this.images = new IndexRecords(root, this.lock, (target) => this.loader.summarize(target));
  }

  /**
   * Finds an image the way docker does: by reference (`busybox`, `busybox:local`,
   * `repo@sha256:…`), by full ID (`sha256:<64 hex>` or 64 hex; a manifest digest also works), or
   * by an unambiguous ID prefix (12 hex or any length, with or without `sha256:`). An index is
   * resolved to `options.platform`; without one, to the host's platform, else the first platform
   * the store holds (see ImageLoader.load). Throws IMAGE_NOT_FOUND (`No such image: INPUT`).
   */
  async findImage(refOrId: string, options: FindImageOptions = {}): Promise<ImageView> {
    const platform = lookupPlatform(options.platform);
    const found = await this.findRecords(refOrId, options);
    return this.loader.load(found[0].target, platform, found);
  }

  /**
   * The records of the image `refOrId` names (same rules as findImage; all share one target)
   * without loading it, so an image whose blobs are missing or corrupt can still be removed.
   */
  async findRecords(refOrId: string, options: FindImageOptions = {}): Promise<ImageRecord[]> {
    const platform = lookupPlatform(options.platform);
    return resolveRecords(refOrId, await this.images.list(), (record) => this.imageId(record, platform));
  }

  /** Every image in the store: one view per distinct target (names grouped), in record order. */
  async listImages(options: { platform?: Platform | string } = {}): Promise<ImageView[]> {
    const platform = lookupPlatform(options.platform);
    const groups = groupByTarget(await this.images.list());
    // Concurrent reads: the small manifest/config reads overlap in libuv's thread pool.
    return Promise.all([...groups.values()].map((group) => this.loader.load(group[0].target, platform, group)));
  }

  /**
   * Every image with ID, created time and Size for the host platform (an index without it: its
   * first platform present), fast: answered from the summaries cached in index.json. Images whose summary is incomplete are loaded and measured
   * once, and their summaries written back, so the next listing reads one file.
   */
  async listSummaries(): Promise<ImageListing[]> {
    const groups = [...groupByTarget(await this.images.list()).values()];
    const completed = new Map<Digest, ImageSummary>();
    // Cached summaries answer without awaiting anything; only incomplete ones are loaded (concurrently).
    await Promise.all(
      groups
        .filter((records) => records[0].summary?.size === undefined)
        .map(async (records) => {
          const view = await this.loader.load(records[0].target);
          const summary = { id: view.id, size: await this.imageSize(view), ...(view.config.created !== undefined ? { created: view.config.created } : {}) };
          completed.set(records[0].target.digest, summary);
        }),
    );
    const listings = groups.map((records): ImageListing => {
      const summary = completed.get(records[0].target.digest) ?? (records[0].summary as ImageSummary);
      const names = records.flatMap((r) => (r.name === undefined ? [] : [r.name]));
      return { target: records[0].target, records, names, id: summary.id, created: summary.created, size: summary.size as number };
    });
    if (completed.size > 0) {
      await this.images.update((records) => ({
        records: records.map((r) => (completed.has(r.target.digest) ? { ...r, summary: completed.get(r.target.digest) } : r)),
        result: undefined,
      }));
    }
    return listings;
  }

  /** Loads a descriptor (manifest or index) that may have no record, e.g. while building or loading. */
  async loadImage(target: Descriptor, options: FindImageOptions = {}): Promise<ImageView> {
    return this.loader.load(target, lookupPlatform(options.platform));
  }

  /**
   * docker's Size of an image: the sum of the uncompressed content sizes of its layers (the sum
   * of their tar entries' sizes), which is what the classic docker store reports for both
   * `docker images` SIZE and `inspect .Size`. Computed once per layer and cached.
   */
  async imageSize(image: ImageView | Manifest): Promise<number> {
    return this.loader.size('manifest' in image ? image.manifest : image);
  }

  /** Uncompressed size, docker content size and diffID of a layer blob (cached; measured when unknown). */
  async layerInfo(layer: Descriptor): Promise<Required<LayerInfo>> {
    return this.loader.layerInfo(layer);
  }

  /** Records facts about a layer blob its writer computed while streaming, sparing a later measurement. */
  async setLayerInfo(digest: Digest, info: LayerInfo): Promise<void> {
    await this.layerInfos.set(digest, info);
  }

  /** Reads and verifies an image config blob. */
  async readConfig(digest: Digest): Promise<ImageConfig> {
    return this.blobs.readJson<ImageConfig>(digest);
  }

  /**
   * Deletes blobs not reachable from any image record, under the store lock. Blobs (and temp
   * files) modified within the grace window (default 10 minutes) are kept, so a concurrent
   * writer's not-yet-tagged blobs survive.
   */
  async gc(options: GcOptions = {}): Promise<GcResult> {
    return this.lock.run(async () => collectGarbage(this.root, this.blobs, this.layerInfos, await this.images.list(), await this.gcRootFiles.all(), options));
  }

  /**
   * Replaces the gc roots `owner` (e.g. `build-cache`) keeps alive besides image records: bare
   * digests keep one blob, manifest or index descriptors keep everything they reach.
   */
  async setGcRoots(owner: string, roots: GcRoot[]): Promise<void> {
    await this.lock.run(() => this.gcRootFiles.set(owner, roots));
  }

  /** Adds gc roots to `owner`'s set (duplicates by digest are dropped). */
  async addGcRoots(owner: string, roots: GcRoot[]): Promise<void> {
    await this.lock.run(async () => {
      const merged = new Map<string, GcRoot>();
      for (const root of [...(await this.gcRootFiles.get(owner)), ...roots]) merged.set(typeof root === 'string' ? root : root.digest, root);
      await this.gcRootFiles.set(owner, [...merged.values()]);
    });
  }

  /** The gc roots `owner` holds. */
  async gcRoots(owner: string): Promise<GcRoot[]> {
    return this.gcRootFiles.get(owner);
  }

  /**
   * Runs `work` holding the store's inter-process lock (the one guarding records and gc). Inside,
   * change records with `images.updateLocked`, not the locking methods (the lock is not re-entrant).
   */
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    return this.lock.run(work);
  }

  /** The image ID of a record for `platform`: cached for the default or host platform, else loaded. */
  private async imageId(record: ImageRecord, platform: Platform | undefined): Promise<Digest | undefined> {
    if (record.summary !== undefined && (platform === undefined || platformsMatch(platform, hostPlatform()))) return record.summary.id;
    try {
      return (await this.loader.load(record.target, platform)).id;
    } catch (err) {
      if (err instanceof BerthError) return undefined;
      throw err;
    }
  }
}

/** Records grouped by target digest, in record order. */
function groupByTarget(records: ImageRecord[]): Map<Digest, ImageRecord[]> {
  const groups = new Map<Digest, ImageRecord[]>();
  for (const record of records) groups.set(record.target.digest, [...(groups.get(record.target.digest) ?? []), record]);
  return groups;
}

/** Opens (and by default creates) the store at the resolved root (see resolveStoreRoot). */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const store = new Store(resolveStoreRoot(options));
  const layoutPath = join(store.root, 'oci-layout');
  try {
    await readFile(layoutPath);
    return store;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (options.create === false) {
    throw new BerthError('STORE_MISSING', `no berth store at ${store.root}`, { hint: 'run a berth command that writes (import, load, pull) or pass --root' });
  }
  await mkdir(store.root, { recursive: true });
  await store.images.initialize();
  await writeFileAtomic(layoutPath, OCI_LAYOUT);
  return store;
}
