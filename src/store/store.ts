import type { Digest, ImageConfig, Platform } from '../core/index.js';
import { BerthError } from '../core/index.js';
import { resolveStoreRoot, type StoreRootOptions } from './root.js';
import type { BlobStore, FindImageOptions, GcOptions, GcResult, ImageRecords, ImageView } from './types.js';

/** Options of openStore. */
export interface OpenStoreOptions extends StoreRootOptions {
  /** Create the root and its layout when missing (default true). */
  create?: boolean;
}

/** The local image store rooted at one directory. Safe to use from several processes at once. */
export class Store {
  /** Absolute store root. */
  readonly root: string;
  readonly blobs: BlobStore;
  readonly images: ImageRecords;

  /** Use openStore. */
  constructor(root: string, blobs: BlobStore, images: ImageRecords) {
    this.root = root;
    this.blobs = blobs;
    this.images = images;
  }

  /**
   * Finds an image the way docker does: by reference (`busybox`, `busybox:local`,
   * `repo@sha256:…`), by full ID (`sha256:<64 hex>` or 64 hex), or by an unambiguous ID prefix
   * (12 hex or longer, with or without `sha256:`). An index is resolved to `options.platform`
   * (default host). Throws IMAGE_NOT_FOUND (`No such image: NAME`) or IMAGE_AMBIGUOUS.
   */
  async findImage(_refOrId: string, _options: FindImageOptions = {}): Promise<ImageView> {
    throw notYet();
  }

  /** Every image in the store (one view per distinct target, names grouped), for `images`. */
  async listImages(_options: { platform?: Platform | string } = {}): Promise<ImageView[]> {
    throw notYet();
  }

  /**
   * docker's Size of an image: the sum of the uncompressed sizes of its layers (what the classic
   * docker store reports for `docker images` and `inspect .Size`). Computed once per layer and
   * cached beside the blob.
   */
  async imageSize(_image: ImageView): Promise<number> {
    throw notYet();
  }

  /** Uncompressed size and diffID of a layer blob (cached; computed by decompressing when unknown). */
  async layerInfo(_digest: Digest, _mediaType: string): Promise<{ diffId: Digest; size: number }> {
    throw notYet();
  }

  /** Records the uncompressed size and diffID of a layer blob its writer already computed. */
  async setLayerInfo(_digest: Digest, _info: { diffId: Digest; size: number }): Promise<void> {
    throw notYet();
  }

  /** Reads and verifies the config of an image. */
  async readConfig(_digest: Digest): Promise<ImageConfig> {
    throw notYet();
  }

  /**
   * Deletes blobs not reachable from any image record, under the store lock. Blobs (and temp
   * files) modified within the grace window are kept, so a concurrent writer's not-yet-tagged
   * blobs survive.
   */
  async gc(_options: GcOptions = {}): Promise<GcResult> {
    throw notYet();
  }

  /** Runs `work` holding the store's inter-process lock (the one guarding records and gc). */
  async withLock<T>(_work: () => Promise<T>): Promise<T> {
    throw notYet();
  }
}

function notYet(): BerthError {
  return new BerthError('NOT_IMPLEMENTED', 'store: not implemented yet');
}

/** Opens (and by default creates) the store at the resolved root (see resolveStoreRoot). */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  void resolveStoreRoot(options);
  throw notYet();
}
