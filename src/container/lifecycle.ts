import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { BerthError, isAlive, isBerthError } from '../core/index.js';
import { Runc } from '../runtime/index.js';
import { removeDir } from '../snapshot/index.js';
import { teardownBridgeNetwork } from './network/bridge.js';
import { noSuchContainer, type ContainerStore } from './records.js';
import { containerSnapshot } from './rootfs.js';
import { recordExit } from './session.js';
import type { Container } from './types.js';

/** The runc of a container store (its state root under the store's runtime directory). */
export function runcOf(containers: ContainerStore): Runc {
  return new Runc(join(containers.stateDir, 'runc'));
}

/** True while the container's process runs (or is between restarts). */
export function isActive(container: Container): boolean {
  return container.state.status === 'running' || container.state.status === 'restarting';
}

/**
 * Brings a container's recorded state in line with reality: when it is recorded as running but
 * the process supervising it (the foreground CLI or its monitor) is gone, the container is killed
 * and deleted in runc, its bundle, network and mount are removed, and it is recorded as exited
 * (137, like a killed container) — or removed altogether with `--rm`. Returns the container as it
 * is now, or undefined when it is gone.
 */
export async function refresh(containers: ContainerStore, container: Container): Promise<Container | undefined> {
  const monitor = container.state.monitor;
  if (!isActive(container) || monitor === undefined || isAlive(monitor)) return container;
  const id = container.record.id;
  await runcOf(containers).delete(id, { force: true }).catch(() => undefined);
  await removeDir(join(containers.stateDir, 'bundles', id));
  if (container.state.network) await teardownBridgeNetwork(id, container.state.network.ipAddress);
  const snapshot = await containerSnapshot(container.dir);
  await snapshot.unmount().catch(() => undefined);
  await recordExit(containers, id, 137, 'the process supervising the container died');
  if (container.record.host.autoRemove) {
    // --rm containers have no gc root and no volumes of their own to keep: their files go with them.
    await snapshot.remove();
    await containers.delete(id);
  }
  return containers.read(id);
}

/** Finds a container by name or ID and refreshes its state (see {@link refresh}). */
export async function findContainer(containers: ContainerStore, nameOrId: string): Promise<Container> {
  const container = await refresh(containers, await containers.find(nameOrId));
  if (container === undefined) throw noSuchContainer(nameOrId);
  return container;
}

/** Every container, refreshed. */
export async function listContainers(containers: ContainerStore): Promise<Container[]> {
  const refreshed = await Promise.all((await containers.list()).map((c) => refresh(containers, c)));
  return refreshed.filter((c): c is Container => c !== undefined);
}

/** Waits until the container is no longer active, up to `timeoutMs`; true when it stopped. */
export async function waitInactive(containers: ContainerStore, id: string, timeoutMs = Infinity): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 100)) {
    const current = await containers.read(id);
    const now = current === undefined ? undefined : await refresh(containers, current);
    if (now === undefined || !isActive(now)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
  }
}

/** Sends a signal to the container's processes; retried while runc is still creating the container. */
async function signalContainer(containers: ContainerStore, container: Container, signal: string): Promise<void> {
  const runc = runcOf(containers);
  for (let attempt = 0; ; attempt++) {
    try {
      await runc.kill(container.record.id, signal, { all: signal === 'SIGKILL' || signal === 'KILL' || signal === '9' });
      return;
    } catch (err) {
      const current = await containers.read(container.record.id);
      if (current === undefined || !isActive(current)) return;
      if (attempt >= 100 || !(isBerthError(err) && /not exist|not running|created/.test(err.message))) throw err;
      await sleep(20);
    }
  }
}

/** `stop`: the stop signal, then SIGKILL after `timeoutSeconds` (default the container's); no-op when not running. */
export async function stopContainer(containers: ContainerStore, container: Container, timeoutSeconds?: number): Promise<void> {
  if (!isActive(container)) return;
  const id = container.record.id;
  await containers.updateState(id, (state) => ({ ...state, stoppedByUser: true }));
  const timeout = timeoutSeconds ?? container.record.config.stopTimeout;
  if (timeout !== 0) {
    await signalContainer(containers, container, container.record.config.stopSignal).catch(() => undefined);
    if (await waitInactive(containers, id, timeout < 0 ? Infinity : timeout * 1000)) return;
  }
  await signalContainer(containers, container, 'SIGKILL').catch(() => undefined);
  await waitInactive(containers, id);
}

/** `kill -s SIGNAL`: docker's error when the container does not run. */
export async function killContainer(containers: ContainerStore, container: Container, signal: string): Promise<void> {
  if (!isActive(container)) {
    throw new BerthError('CONTAINER_NOT_RUNNING', `Cannot kill container: ${container.record.id}: Container ${container.record.id} is not running`);
  }
  await containers.updateState(container.record.id, (state) => ({ ...state, stoppedByUser: true }));
  await signalContainer(containers, container, signal.toUpperCase().replace(/^(?!SIG)(?=[A-Z])/, 'SIG'));
}
