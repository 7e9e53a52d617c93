// `load`: reads a docker-archive, docker 25+ archive or OCI archive into the store. Blobs go in
// first (each verified), records last; on any failure the blobs this load added are removed
// and no record is touched, so the store is left as it was.

import type { Readable } from 'node:stream';
import { BerthError, type Platform } from '../core/index.js';
import type { Store } from '../store/index.js';
import { DOCKER_MANIFEST_FILE, INDEX_FILE } from './layout.js';
import { narrowToPlatform } from './load-platform.js';
import { readArchive, removeAdded } from './read-archive.js';
import { resolveDockerManifest } from './resolve-docker.js';
import { resolveOciIndex } from './resolve-oci.js';
import type { LoadedImage } from './verify.js';

/** Options of loadArchive: `platform` keeps only that platform of each multi-platform image (`load --platform`). */
export interface LoadOptions {
  platform?: Platform | string;
}

/**
 * Loads every image of an archive stream (plain, gzip or zstd; docker's old per-layer layout,
 * docker 25+'s combined layout, or a plain OCI archive). Returns the images in archive order.
 * Throws ARCHIVE_INVALID naming the entry on any bad input, leaving the store unchanged.
 */
export async function loadArchive(store: Store, input: Readable, options: LoadOptions = {}): Promise<LoadedImage[]> {
  const contents = await readArchive(input, store);
  let images: LoadedImage[];
  try {
    if (contents.files.has(DOCKER_MANIFEST_FILE)) images = await resolveDockerManifest(contents, store);
    else if (contents.files.has(INDEX_FILE)) images = await resolveOciIndex(contents, store);
    else throw new BerthError('ARCHIVE_INVALID', `invalid archive: no ${DOCKER_MANIFEST_FILE} or ${INDEX_FILE} found`, { hint: 'is this an image archive made by docker save, berth save or an OCI tool?' });
    if (images.length === 0) throw new BerthError('ARCHIVE_INVALID', 'invalid archive: it holds no images');
    if (options.platform !== undefined) images = await narrowToPlatform(store, images, options.platform, contents.added);
  } catch (err) {
    await removeAdded(store, contents.added);
    throw err;
  }
  for (const image of images) {
    if (image.names.length === 0) await store.images.addDangling(image.target);
    for (const name of image.names) {
      const previous = await store.findImage(name).catch(() => undefined);
      if (previous !== undefined && previous.id !== image.id) (image.replaced ??= {})[name] = previous.id;
      await store.images.tag(name, image.target);
    }
  }
  return images;
}
