import { join } from 'node:path';
import { BerthError } from '../core/index.js';
import { removeDir } from '../snapshot/index.js';
import type { Store } from '../store/index.js';
import { gcRootOwner } from './create.js';
import { teardownBridgeNetwork } from './network/bridge.js';
import { isActive, runcOf, stopContainer } from './lifecycle.js';
import { claimFile } from './lock.js';
import type { ContainerStore } from './records.js';
import { noSuchContainer } from './records.js';
import type { Container } from './types.js';

/** Marks the container as being removed by this process: one remover at a time (a dead remover's mark is taken over). */
async function claimRemoval(container: Container): Promise<void> {
  const claim = await claimFile(join(container.dir, 'removing')).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'ENOENT' ? noSuchContainer(container.record.id) : err;
  });
  if (!claim.taken) throw new BerthError('CONTAINER_REMOVING', `removal of container ${container.record.id} is already in progress`);
}

/** Options of {@link removeContainer}. */
export interface RemoveOptions {
  /** Kill a running container first (`rm -f`). */
  force?: boolean;
  /** Remove its anonymous volumes too (`rm -v`). */
  volumes?: boolean;
}

/**
 * `rm`: refuses a running container without `force` (docker's message), otherwise kills it and
 * deletes everything of it: runc state, bundle, snapshot (unmounted), record, log, gc root and,
 * with `volumes`, its anonymous volumes. A second concurrent removal gets docker's "already in
 * progress" error.
 */
export async function removeContainer(store: Store, containers: ContainerStore, container: Container, options: RemoveOptions = {}): Promise<void> {
  const id = container.record.id;
  if (isActive(container) && !options.force) {
    throw new BerthError('CONTAINER_RUNNING', `You cannot remove a running container ${id}. Stop the container before attempting removal or force remove`, { exitCode: 1 });
  }
  await claimRemoval(container);
  if (isActive(container)) {
    await stopContainer(containers, container, 0);
    await runcOf(containers).delete(id, { force: true }).catch(() => undefined);
  }
  await removeDir(join(containers.stateDir, 'bundles', id));
  // A monitor that died while setting the network up leaves it behind: idempotent.
  if (container.record.host.networkMode === 'bridge') await teardownBridgeNetwork(id, container.state.network?.ipAddress);
  if (options.volumes) {
    for (const name of container.record.host.volumes.filter((v) => /^[0-9a-f]{64}$/.test(v))) await removeDir(join(containers.root, 'volumes', name));
  }
  // Deleting the container's directory unmounts its root filesystem and removes its snapshot with it.
  await containers.delete(id);
  if (!container.record.host.autoRemove) await store.setGcRoots(gcRootOwner(id), []);
}
