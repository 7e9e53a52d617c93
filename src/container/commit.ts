import {
  BerthError, canonicalJson, formatReference, normalizeReference, OCI_CONFIG, OCI_LAYER_TAR, OCI_MANIFEST,
  type ContainerConfig, type Descriptor, type Digest, type ImageConfig, type Manifest,
} from '../core/index.js';
import { compressLayer, overlayUpperToLayer } from '../layer/index.js';
import type { Store } from '../store/index.js';
import { containerSnapshot } from './rootfs.js';
import type { Container } from './types.js';

/** Options of {@link commitContainer} (docker commit's flags). */
export interface CommitOptions {
  /** `REPOSITORY[:TAG]`; untagged when absent. */
  reference?: string;
  message?: string;
  author?: string;
  /** `--change` Dockerfile instructions applied to the new config. */
  changes?: string[];
}

/** The container's config as the new image's (docker commit takes the container's, not the image's). */
function committedConfig(container: Container, base: ContainerConfig | undefined): ContainerConfig {
  const { config } = container.record;
  return {
    ...base,
    User: config.user,
    Env: config.env,
    Cmd: config.cmd.length > 0 ? config.cmd : null,
    Entrypoint: config.entrypoint.length > 0 ? config.entrypoint : null,
    WorkingDir: config.workingDir === '/' && !base?.WorkingDir ? '' : config.workingDir,
    Labels: Object.keys(config.labels).length > 0 ? config.labels : undefined,
    ExposedPorts: config.exposedPorts.length > 0 ? Object.fromEntries(config.exposedPorts.map((port) => [port, {}])) : undefined,
    ...(config.stopSignal !== 'SIGTERM' || base?.StopSignal ? { StopSignal: config.stopSignal } : {}),
  };
}

/**
 * `commit`: a new image of the container's image plus one layer holding the container's changes
 * (its overlay upper dir; the init layer's entries are not part of it), with the container's
 * config changed by `changes`, history entry like docker's. Returns the new image ID.
 */
export async function commitContainer(store: Store, container: Container, options: CommitOptions = {}): Promise<Digest> {
  const image = await store.loadImage({ mediaType: OCI_MANIFEST, digest: container.record.manifestDigest, size: 0 }).catch(() => {
    throw new BerthError('IMAGE_NOT_FOUND', `the image of container ${container.record.id} is gone from the store`);
  });
  const changes = await (await containerSnapshot(container.dir)).changes();
  if (changes.kind !== 'upper') throw new BerthError('COMMIT_UNSUPPORTED', 'commit needs an overlay snapshot (this container uses a copy)');
  const { stream, digests } = compressLayer(overlayUpperToLayer(changes.upperDir), 'none');
  const layer = await store.blobs.writeStream(stream);
  const { diffId, uncompressedSize } = await digests;
  await store.setLayerInfo(layer.digest, { diffId, size: uncompressedSize });
  const created = new Date().toISOString();
  // Loaded here: the archive code is large and only commit needs it.
  const { applyChanges } = await import('../archive/index.js');
  const config: ImageConfig = {
    ...image.config,
    created,
    ...(options.author ? { author: options.author } : {}),
    config: applyChanges(committedConfig(container, image.config.config), options.changes ?? []),
    rootfs: { type: 'layers', diff_ids: [...image.config.rootfs.diff_ids, diffId as Digest] },
    history: [
      ...(image.config.history ?? []),
      { created, created_by: [container.record.path, ...container.record.args].join(' '), ...(options.author ? { author: options.author } : {}), ...(options.message ? { comment: options.message } : {}) },
    ],
  };
  const configBlob = await store.blobs.writeBytes(canonicalJson(config));
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: configBlob.digest, size: configBlob.size },
    layers: [...image.manifest.layers, { mediaType: OCI_LAYER_TAR, digest: layer.digest, size: layer.size }],
  };
  const manifestBlob = await store.blobs.writeBytes(canonicalJson(manifest));
  const target: Descriptor = { mediaType: OCI_MANIFEST, digest: manifestBlob.digest, size: manifestBlob.size };
  if (options.reference) await store.images.tag(formatReference(normalizeReference(options.reference)), target);
  else await store.images.addDangling(target);
  return configBlob.digest;
}
