import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentProcess } from '../core/index.js';
import type { Store } from '../store/index.js';
import { runcOf } from './lifecycle.js';
import { JsonFileLog } from './logs.js';
import type { ContainerStore } from './records.js';
import { removeContainer } from './remove.js';
import { restartDelay, shouldRestart } from './restart-policy.js';
import { runSession } from './session.js';
import type { Container } from './types.js';

/** How the monitor tells the CLI that started it whether the container's process is up. */
export type ReadyReport = (error?: unknown) => void;

/** Resolves once runc reports the container running (and records its pid), or when `done` settles. */
async function untilRunning(containers: ContainerStore, id: string, done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.then(() => (finished = true), () => (finished = true));
  const runc = runcOf(containers);
  while (!finished) {
    const state = await runc.state(id).catch(() => undefined);
    if (state?.status === 'running' || state?.status === 'stopped') {
      await containers.updateState(id, (s) => (s.status === 'running' ? { ...s, pid: state.pid } : s));
      return;
    }
    await sleep(10);
  }
}

/**
 * The body of a container's monitor (a detached berth process): runs the container's process,
 * its output appended to the json-file log, again and again as its restart policy says, and
 * removes the container at the end with `--rm`. `ready` is called once: when the first start
 * succeeded (runc runs the process) or failed (with the error).
 */
export async function superviseContainer(store: Store, containers: ContainerStore, container: Container, ready: ReadyReport): Promise<void> {
  const id = container.record.id;
  const log = new JsonFileLog(containers.logPath(id));
  // With -i the container's stdin stays open (nothing writes to it after detaching).
  const stdin = container.record.config.openStdin ? new PassThrough() : 'ignore';
  let first = true;
  try {
    for (;;) {
      const session = runSession(containers, container, { stdin, stdout: log.stream('stdout'), stderr: log.stream('stderr') });
      if (first) {
        await untilRunning(containers, id, session);
        const failure = await Promise.race([session.then(() => undefined, (err: unknown) => err), sleep(0).then(() => undefined)]);
        ready(failure);
        first = false;
      }
      const exitCode = await session.catch(() => -1);
      const state = (await containers.read(id))?.state;
      if (exitCode < 0 || state === undefined || !shouldRestart(container.record.host.restartPolicy, state, exitCode)) break;
      await containers.updateState(id, (s) => ({ ...s, status: 'restarting', restartCount: s.restartCount + 1, monitor: currentProcess() }));
      await sleep(restartDelay(state.restartCount));
      if ((await containers.read(id))?.state.stoppedByUser) {
        await containers.updateState(id, (s) => ({ ...s, status: 'exited' }));
        break;
      }
    }
  } finally {
    await log.close();
    if (container.record.host.autoRemove) await removeContainer(store, containers, container, { volumes: true }).catch(() => undefined);
  }
}
