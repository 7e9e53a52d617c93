// `berth analyze SOURCE`: the transports skopeo and dive use (`docker-archive:FILE[:TAG]`,
// `oci-archive:FILE[:TAG]`, `oci:DIR[:TAG]`, `docker://REF` for a registry), else an image of the
// local store; a reference the store lacks is read from its registry when it names a registry
// host (`localhost:5000/app`, `registry.example.com/app`), or by the optional resolver.

import { BerthError, isBerthError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { dockerArchiveImage, ociImage } from './archive.js';
import { directoryFiles, tarFiles } from './files.js';
import { registrySource } from './registry.js';
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
  if (source.startsWith('docker://')) return registrySource(source.slice('docker://'.length), options.platform, source);
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
    if (!isBerthError(err) || err.code !== 'IMAGE_NOT_FOUND') throw err;
    const found = options.resolver === undefined ? undefined : await options.resolver(source);
    if (found !== undefined) return found;
    if (namesRegistryHost(source)) return registrySource(source, options.platform);
    throw err;
  }
}

/** True when the reference's first component is a registry host (has a dot or port, or is localhost). */
function namesRegistryHost(reference: string): boolean {
  const slash = reference.indexOf('/');
  if (slash < 0) return false;
  const first = reference.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

/** `path:tag` → path and tag, when what follows the last ':' cannot be part of a path. */
function splitTag(rest: string): { path: string; tag?: string } {
  const colon = rest.lastIndexOf(':');
  if (colon <= 0 || rest.slice(colon + 1).includes('/')) return { path: rest };
  return { path: rest.slice(0, colon), tag: rest.slice(colon + 1) };
}
