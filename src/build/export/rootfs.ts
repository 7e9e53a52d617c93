import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { layer } from '../lazy.js';
import type { Store } from '../../store/index.js';
import type { ImageState } from '../image/state.js';

/** Unpacks the image's layers in order into `dir` (whiteouts applied): `--output type=local`. */
export async function exportLocal(store: Store, image: ImageState, dir: string, signal?: AbortSignal): Promise<void> {
  const { applyLayer, openLayerBlob } = await layer();
  await mkdir(dir, { recursive: true });
  for (const layer of image.layers) {
    const { tar } = await openLayerBlob(await store.blobs.open(layer.descriptor.digest));
    await applyLayer(tar, dir, { signal });
  }
}

/** Writes the image's root filesystem as one tar to `dest` (a file, or `-` for `output`): `--output type=tar`. */
export async function exportTar(store: Store, image: ImageState, dest: string, output: Writable, sourceDateEpoch?: number): Promise<void> {
  const dir = await mkdtemp(join(dest === '-' ? store.root : dirname(dest), '.berth-export-'));
  try {
    await exportLocal(store, image, dir);
    const tar = (await layer()).directoryToLayer(dir, { sourceDateEpoch });
    await pipeline(tar, dest === '-' ? output : createWriteStream(dest));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
