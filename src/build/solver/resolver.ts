import type { Digest, ImageConfig, Platform } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { PullingImageResolver } from '../../distribution/client/index.js';
import type { BuiltLayer } from '../image/state.js';

/** A base image as the solver needs it. */
export interface BaseImage {
  /** Normalized name, e.g. `docker.io/library/busybox:local`. */
  name: string;
  /** Manifest digest: identifies the content in cache keys. */
  digest: Digest;
  config: ImageConfig;
  layers: BuiltLayer[];
}

/**
 * Finds `FROM` and `COPY --from` images. The store resolver serves local images; a registry client
 * can wrap it later (try the store, else pull into it) without touching the solver.
 */
export interface BaseImageResolver {
  resolve(ref: string, platform: Platform): Promise<BaseImage>;
}

/** Resolves images from the local store only. */
export class StoreImageResolver implements BaseImageResolver {
  constructor(private readonly store: Store) {}

  async resolve(ref: string, platform: Platform): Promise<BaseImage> {
    const view = await this.store.findImage(ref, { platform });
    const layers = view.manifest.layers.map((descriptor, i) => ({ descriptor, diffId: view.config.rootfs.diff_ids[i] }));
    return { name: view.names[0] ?? ref, digest: view.manifestDescriptor.digest, config: view.config, layers };
  }
}

/** What builds resolve base images with: the store, and the registry for what it lacks (always, with `pull`). */
export function pullingResolver(store: Store, options: { pull?: boolean; signal?: AbortSignal } = {}): BaseImageResolver {
  return new PullingImageResolver(store, new StoreImageResolver(store), options);
}
