// The build engine's FROM / COPY --from resolution with pulling: a local resolver first, the
// registry when the store lacks the image (or always, with `pull`).
import { BerthError, isBerthError, type Platform } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { pull, type PullOptions } from './pull.js';

/** Resolves an image reference for a platform (the build solver's BaseImageResolver shape). */
export interface ImageResolver<T> {
  resolve(ref: string, platform: Platform): Promise<T>;
}

/** Options of PullingImageResolver. */
export interface PullingResolverOptions extends Omit<PullOptions, 'platform'> {
  /** Pull even when the store has the image (build's `--pull`). */
  pull?: boolean;
}

/** Wraps a store-backed resolver: images it cannot find are pulled into the store, then resolved again. */
export class PullingImageResolver<T> implements ImageResolver<T> {
  private readonly pulled = new Set<string>();

  constructor(private readonly store: Store, private readonly local: ImageResolver<T>, private readonly options: PullingResolverOptions = {}) {}

  /** The base image `ref` for `platform`. */
  async resolve(ref: string, platform: Platform): Promise<T> {
    const key = `${ref} ${platform.os}/${platform.architecture}/${platform.variant ?? ''}`;
    if (this.options.pull && !this.pulled.has(key)) await this.pullOnce(key, ref, platform);
    try {
      return await this.local.resolve(ref, platform);
    } catch (err) {
      if (this.pulled.has(key) || !(isBerthError(err, 'IMAGE_NOT_FOUND') || isBerthError(err, 'IMAGE_PLATFORM_MISSING'))) throw err;
      await this.pullOnce(key, ref, platform);
      return this.local.resolve(ref, platform);
    }
  }

  private async pullOnce(key: string, ref: string, platform: Platform): Promise<void> {
    try {
      await pull(this.store, ref, { ...this.options, platform });
    } catch (err) {
      if (!isBerthError(err)) throw err;
      throw new BerthError(err.code, `failed to resolve source metadata for ${ref}: ${err.message}`, { hint: err.hint, cause: err });
    }
    this.pulled.add(key);
  }
}
