// `import`: a root filesystem tarball (plain, gzip or zstd) becomes a one-layer image with the
// config and history docker's import writes. The layer is stored uncompressed, like docker's own
// store, so its digest is its diffID and the import is a single streaming pass.

import { Readable, pipeline } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import {
  BerthError, OCI_CONFIG, OCI_LAYER_TAR, OCI_MANIFEST, canonicalJson, formatReference, hostPlatform,
  normalizeReference, parsePlatform, type ContainerConfig, type Descriptor, type Digest, type ImageConfig, type Manifest,
} from '../../core/index.js';
import { decompressAuto } from '../../layer/index.js';
import type { Store } from '../../store/index.js';
import { openInputFile } from '../open-file.js';
import { applyChanges } from './changes.js';
import { tarScan } from '../tar-scan.js';

/** Options of importRootfs. */
export interface ImportOptions {
  /** The tarball's bytes (any supported compression). */
  source: Readable;
  /** `-` for stdin or a file, else the URL: history says `Imported from <source>`. */
  sourceName: string;
  /** `REPOSITORY[:TAG]` to tag the image with; untagged (dangling) when absent. */
  reference?: string;
  /** `--change` instructions. */
  changes?: string[];
  /** `--message`: the history comment instead of `Imported from …`. */
  message?: string;
  /** `--platform` (default: the host's). */
  platform?: string;
  /** Creation time (default now). */
  created?: Date;
}

/** What importRootfs stored. */
export interface ImportResult {
  /** Image ID (config digest). */
  id: Digest;
  manifest: Descriptor;
}

/** docker's zero-valued container config, which `inspect` shows for imported images. */
function emptyContainerConfig(): ContainerConfig {
  return {
    Hostname: '', Domainname: '', User: '', AttachStdin: false, AttachStdout: false, AttachStderr: false,
    Tty: false, OpenStdin: false, StdinOnce: false, Env: null, Cmd: null, Image: '', Volumes: null,
    WorkingDir: '', Entrypoint: null, OnBuild: null, Labels: null,
  } as unknown as ContainerConfig;
}

/** Imports a rootfs tarball as an image; returns its ID. The name is recorded last. */
export async function importRootfs(store: Store, options: ImportOptions): Promise<ImportResult> {
  const config = applyChanges(emptyContainerConfig(), options.changes ?? []);
  const platform = options.platform ? parsePlatform(options.platform) : hostPlatform();
  const reference = options.reference === undefined ? undefined : formatReference(normalizeReference(options.reference));
  const { stream } = await decompressAuto(options.source);
  // pipeline forwards source errors and keeps a failed check from being an unhandled 'error'; the
  // store's read of `checked` still fails with it.
  const scan = tarScan(options.sourceName);
  const layer = await store.blobs.writeStream(pipeline(stream, scan, () => {}));
  await store.setLayerInfo(layer.digest, { diffId: layer.digest, size: layer.size, contentSize: scan.scanner.contentSize });
  const created = (options.created ?? new Date()).toISOString();
  const comment = options.message || `Imported from ${options.sourceName}`;
  const imageConfig: ImageConfig = {
    architecture: platform.architecture,
    comment,
    config,
    created,
    history: [{ created, comment }],
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
  } as ImageConfig;
  const configBlob = await store.blobs.writeBytes(canonicalJson(imageConfig));
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: configBlob.digest, size: configBlob.size },
    layers: [{ mediaType: OCI_LAYER_TAR, digest: layer.digest, size: layer.size }],
  };
  const manifestBlob = await store.blobs.writeBytes(canonicalJson(manifest));
  const target: Descriptor = { mediaType: OCI_MANIFEST, digest: manifestBlob.digest, size: manifestBlob.size };
  if (reference === undefined) await store.images.addDangling(target);
  else await store.images.tag(reference, target);
  return { id: configBlob.digest, manifest: target };
}

/** Opens an import source: `-` is stdin, http(s):// URLs are fetched, anything else is a file. */
export async function openImportSource(source: string): Promise<{ stream: Readable; sourceName: string }> {
  if (source === '-') return { stream: process.stdin, sourceName: '-' };
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok || response.body === null) {
      throw new BerthError('IMPORT_FETCH', `cannot import ${source}: HTTP ${response.status} ${response.statusText}`);
    }
    return { stream: Readable.fromWeb(response.body as ReadableStream<Uint8Array>), sourceName: source };
  }
  return { stream: await openInputFile(source), sourceName: '-' };
}
