// `berth analyze SOURCE`: the transports skopeo and dive use (`docker-archive:FILE[:TAG]`,
// `oci-archive:FILE[:TAG]`, `oci:DIR[:TAG]`), else an image of the local store, else whatever
// the optional resolver (the registry client, when it exists) can open.

import { BerthError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { dockerArchiveImage, ociImage } from './archive.js';
import { directoryFiles, tarFiles } from './files.js';
import { storeSource } from './store.js';
import type { ImageSource, SourceResolver } from './types.js';

/** Options of openSource. */
export interface OpenSourceOptions {
  /** The store to look images up in (needed for plain references). */
  store?: () => Promise<Store>;
  /** Platform to choose from an index (default: the host's). */
  platform?: string;
  /** Opens references the store does not hold (e.g. a registry client); tried after the store. */
  resolver?: SourceResolver;
}

/** Opens an image for analysis; throws IMAGE_NOT_FOUND / ARCHIVE_INVALID / INPUT_OPEN. */
export async function openSource(source: string, options: OpenSourceOptions = {}): Promise<ImageSource> {
  const transport = /^(docker-archive|oci-archive|oci):(.+)$/.exec(source);
  if (transport !== null) {
    const [, kind, rest] = transport;
    const { path, tag } = splitTag(rest);
    if (kind === 'oci') return ociImage(directoryFiles(path), source, tag, options.platform);
    const files = await tarFiles(path);
    try {
      if (kind === 'docker-archive' && files.has('manifest.json')) return await dockerArchiveImage(files, source, tag);
      if (files.has('index.json')) return await ociImage(files, source, tag, options.platform);
      throw new BerthError('ARCHIVE_INVALID', `${path}: no manifest.json or index.json found`, { hint: 'is this an image archive made by docker save, berth save or an OCI tool?' });
    } catch (err) {
      await files.close();
      throw err;
    }
  }
  if (options.store === undefined) throw new BerthError('IMAGE_NOT_FOUND', `No such image: ${source}`);
  try {
    return await storeSource(await options.store(), source, options.platform);
  } catch (err) {
    const found = options.resolver === undefined ? undefined : await options.resolver(source);
    if (found !== undefined) return found;
    throw err;
  }
}

/** `path:tag` → path and tag, when what follows the last ':' cannot be part of a path. */
function splitTag(rest: string): { path: string; tag?: string } {
  const colon = rest.lastIndexOf(':');
  if (colon <= 0 || rest.slice(colon + 1).includes('/')) return { path: rest };
  return { path: rest.slice(0, colon), tag: rest.slice(colon + 1) };
}
