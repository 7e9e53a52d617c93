import { BerthError, currentProcess, isBerthError } from '../core/index.js';
import { runContainer, type ContainerStdio } from '../runtime/index.js';
import { setupBridgeNetwork, teardownBridgeNetwork } from './network/bridge.js';
import { startPortProxies, type PortProxies } from './network/proxy.js';
import { publishedBindings } from './ports.js';
import type { ContainerStore } from './records.js';
import { containerSnapshot } from './rootfs.js';
import { runtimeConfig } from './runtime-config.js';
import type { Container, NetworkState } from './types.js';

/** How one run of a container's process is wired. */
export interface SessionOptions extends ContainerStdio {
  /** Called once the container is set up (network, ports) and its process is being started. */
  onStarted?: () => void;
  /** Aborting kills the container (SIGKILL). */
  signal?: AbortSignal;
  /** Leave the root filesystem mounted afterwards (the container is removed right after: that unmounts it). */
  leaveMounted?: boolean;
}

/** What is set up around the process: network namespace, port forwarding. */
interface Surroundings {
  network?: NetworkState;
  proxies?: PortProxies;
}

async function setUp(container: Container): Promise<Surroundings> {
  const { record } = container;
  if (record.host.networkMode !== 'bridge') return {};
  const network = await setupBridgeNetwork(record.id);
  try {
    const proxies = await startPortProxies(publishedBindings(record), network.ipAddress);
    return { network: { ...network, ports: proxies.bound }, proxies };
  } catch (err) {
    await teardownBridgeNetwork(record.id, network.ipAddress);
    throw err;
  }
}

async function tearDown(container: Container, around: Surroundings): Promise<void> {
  around.proxies?.close();
  if (around.network) await teardownBridgeNetwork(container.record.id, around.network.ipAddress);
}

/**
 * Runs a container's process once in this process (the foreground CLI or the container's
 * monitor): mounts its root filesystem, sets up its network and published ports, records it as
 * running (this process as its monitor), runs it with runc, then undoes the setup and records
 * the exit status. Resolves with the exit status; a process that could not start is recorded
 * (exit status 125/126/127) and rethrown as BerthError CONTAINER_START.
 */
export async function runSession(containers: ContainerStore, container: Container, options: SessionOptions): Promise<number> {
  const { record } = container;
  const snapshot = await containerSnapshot(container.dir);
  await snapshot.mount();
  let around: Surroundings = {};
  let outcome: { exitCode: number; failure?: Error };
  try {
    around = await setUp(container);
    await containers.updateState(record.id, (state) => ({
      ...state, status: 'running', pid: 0, error: '', startedAt: new Date().toISOString(), stoppedByUser: false, monitor: currentProcess(), network: around.network,
    }));
    options.onStarted?.();
    outcome = await runContainer(runtimeConfig(record, snapshot.rootfs, around.network), { ...options, stateDir: containers.stateDir });
  } catch (err) {
    const exitCode = isBerthError(err) && err.exitCode !== 1 ? err.exitCode : 125;
    outcome = { exitCode, failure: isBerthError(err) ? new BerthError(err.code, err.message, { exitCode, hint: err.hint }) : err instanceof Error ? err : new Error(String(err)) };
  }
  // The exit is recorded last: whoever waits for it (wait, stop, rm, the next start) finds the
  // network torn down and the root filesystem unmounted, not this process still undoing them.
  try {
    await tearDown(container, around);
    if (!options.leaveMounted) await snapshot.unmount();
  } finally {
    const recorded = recordExit(containers, record.id, outcome.exitCode, outcome.failure?.message ?? '');
    await (outcome.failure ? recorded.catch(() => undefined) : recorded);
  }
  if (outcome.failure) throw outcome.failure;
  return outcome.exitCode;
}

/** Records that the container's process ended. */
export async function recordExit(containers: ContainerStore, id: string, exitCode: number, error: string): Promise<void> {
  await containers.updateState(id, (state) => ({
    ...state, status: 'exited', pid: 0, exitCode, error, finishedAt: new Date().toISOString(), monitor: undefined, network: undefined,
  }));
}
