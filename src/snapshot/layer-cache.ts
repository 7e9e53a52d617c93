import { BerthError } from '../core/index.js';

/**
 * Layers unpacked once each, by diffID, into `<dir>/<algorithm>/<hex>/` in overlay format
 * (deletions as 0:0 character devices, opaque directories with `trusted.overlay.opaque=y`), ready to
 * be snapshot lowers. Safe for concurrent berth processes: a layer is unpacked into a temporary
 * directory and renamed into place.
 */
export class LayerCache {
  /** @param dir the cache directory, e.g. `<store root>/layers`. */
  constructor(readonly dir: string) {}

  /** Directory where the layer with this diffID lives (whether or not it is unpacked yet). */
  path(diffId: string): string {
    void diffId;
    throw new BerthError('NOT_IMPLEMENTED', 'LayerCache.path is not implemented yet');
  }

  /** True when the layer is unpacked. */
  async has(diffId: string): Promise<boolean> {
    void diffId;
    throw new BerthError('NOT_IMPLEMENTED', 'LayerCache.has is not implemented yet');
  }

  /**
   * The unpacked directory of a layer, unpacking it first when needed. `openUncompressed` gives the
   * layer's uncompressed tar; its sha256 must equal `diffId` (BerthError LAYER_DIGEST_MISMATCH).
   */
  async ensure(diffId: string, openUncompressed: () => Promise<NodeJS.ReadableStream>, options: { signal?: AbortSignal } = {}): Promise<string> {
    void diffId;
    void openUncompressed;
    void options;
    throw new BerthError('NOT_IMPLEMENTED', 'LayerCache.ensure is not implemented yet');
  }

  /** Deletes an unpacked layer (no-op when absent). The caller makes sure no snapshot uses it. */
  async remove(diffId: string): Promise<void> {
    void diffId;
    throw new BerthError('NOT_IMPLEMENTED', 'LayerCache.remove is not implemented yet');
  }

  /** DiffIDs of the unpacked layers. */
  async list(): Promise<string[]> {
    throw new BerthError('NOT_IMPLEMENTED', 'LayerCache.list is not implemented yet');
  }
}
