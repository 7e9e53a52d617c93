import { randomBytes } from 'node:crypto';
import { BerthError, hostPlatform, isBerthError } from '../core/index.js';
import { checkEmulation, configPlatform } from '../platform/index.js';
import type { Store } from '../store/index.js';
import { processConfig } from './process-config.js';
import type { ContainerStore } from './records.js';
import type { CreateRequest } from './request.js';
import { createRootfs, imageLowers } from './rootfs.js';
import type { Container, HostSetup } from './types.js';

/** The gc-root owner name that keeps a container's image blobs alive. */
export function gcRootOwner(id: string): string {
  return `container-${id.slice(0, 32)}`;
}

function networkMode(request: CreateRequest): HostSetup['networkMode'] {
  const mode = request.network ?? (request.ports.length > 0 || request.publishAll ? 'bridge' : 'none');
  if (mode === 'default') return 'bridge';
  if (mode !== 'bridge' && mode !== 'host' && mode !== 'none') throw new BerthError('NETWORK_NOT_FOUND', `network ${mode} not found`, { exitCode: 125 });
  if (mode !== 'bridge' && (request.ports.length > 0 || request.publishAll)) {
    throw new BerthError('NETWORK_PORTS', `conflicting options: port publishing and the container type network mode`, { exitCode: 125 });
  }
  return mode;
}

async function findImage(store: Store, request: CreateRequest) {
  try {
    // Without --platform the host's is required: an index lacking it fails naming the platforms it has.
    const image = await store.findImage(request.image, { platform: request.platform ?? hostPlatform() });
    // A foreign image runs through a qemu binfmt_misc handler: say how to register one rather than fail with `exec format error`.
    await checkEmulation(configPlatform(image.config));
    return image;
  } catch (err) {
    if (isBerthError(err, 'IMAGE_NOT_FOUND')) throw new BerthError('IMAGE_NOT_FOUND', err.message, { exitCode: 125, hint: 'berth run does not pull: load, import or build the image first' });
    if (isBerthError(err)) throw new BerthError(err.code, err.message, { exitCode: 125, hint: err.hint });
    throw err;
  }
}

/**
 * Creates a container like `docker create`: resolves the image (for `platform`), combines its
 * config with the request by docker's rules, keeps the image's blobs alive (a gc root), makes the
 * root filesystem (init layer and writable overlay over the shared unpacked layers; left
 * unmounted unless `keepMounted`, for a start right after) and writes the record. A container
 * removed when it exits (`--rm`) gets no gc root: it cannot outlive its image's use. Throws
 * BerthError with exit status 125 for setup errors.
 */
export async function createContainer(store: Store, containers: ContainerStore, request: CreateRequest, options: { keepMounted?: boolean } = {}): Promise<Container> {
  const image = await findImage(store, request);
  const { config, path, args } = processConfig(image.config, request);
  const host: HostSetup = {
    networkMode: networkMode(request),
    ports: request.ports,
    publishAll: request.publishAll,
    mounts: request.mounts,
    volumes: request.volumes,
    readonlyRootfs: request.readOnly,
    autoRemove: request.autoRemove,
    restartPolicy: request.restart,
    init: request.init,
    resources: request.resources,
    extraHosts: request.extraHosts,
  };
  const id = randomBytes(32).toString('hex');
  const lowers = await imageLowers(store, image);
  if (!request.autoRemove) await store.addGcRoots(gcRootOwner(id), [image.manifestDescriptor]);
  try {
    const container = await containers.add({
      id, name: request.name, created: new Date().toISOString(), imageName: request.image, imageId: image.id,
      manifestDigest: image.manifestDescriptor.digest, path, args, config, host, lowers,
    });
    const snapshot = await createRootfs(container.dir, lowers);
    if (!options.keepMounted) await snapshot.unmount();
    return container;
  } catch (err) {
    await containers.delete(id).catch(() => undefined);
    if (!request.autoRemove) await store.setGcRoots(gcRootOwner(id), []).catch(() => undefined);
    throw err;
  }
}
