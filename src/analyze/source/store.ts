// Images in the local store: manifest and config from findImage, layers streamed from blobs.

import type { Store } from '../../store/index.js';
import type { ImageSource } from './types.js';

/** Opens `reference` (name, ID or ID prefix) from the store; IMAGE_NOT_FOUND when absent. */
export async function storeSource(store: Store, reference: string, platform?: string): Promise<ImageSource> {
  const view = await store.findImage(reference, platform === undefined ? {} : { platform });
  return {
    name: reference,
    id: view.id,
    config: view.config,
    layers: view.manifest.layers.map((layer) => ({
      digest: layer.digest,
      size: layer.size,
      mediaType: layer.mediaType,
      open: () => store.blobs.open(layer.digest),
      location: { path: store.blobs.path(layer.digest) },
    })),
    close: async () => undefined,
  };
}
