import type { ContainerStdio } from '../runtime/index.js';
import { JsonFileLog } from './logs.js';
import { runcOf } from './lifecycle.js';
import type { ContainerStore } from './records.js';
import { runSession } from './session.js';
import type { Container } from './types.js';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/** Options of {@link runAttached}. */
export interface AttachOptions {
  /** Connect this process's stdin (`-i`). */
  stdin: boolean;
  /** The container is removed right after (`--rm`): its mount can stay for the removal. */
  removeAfter?: boolean;
}

/**
 * Runs a container in the foreground of this process (`run` without `-d`, `start -a`): its output
 * goes to this process's stdout/stderr and to the container's json-file log (with a terminal,
 * straight to this terminal), signals this process receives are forwarded to the container
 * (docker's sig-proxy). Resolves with the exit status.
 */
export async function runAttached(containers: ContainerStore, container: Container, options: AttachOptions): Promise<number> {
  const id = container.record.id;
  const runc = runcOf(containers);
  const forward = (signal: NodeJS.Signals) => {
    if (signal === 'SIGWINCH' && !container.record.config.tty) return;
    runc.kill(id, signal).catch(() => undefined);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  const tty = container.record.config.tty;
  const log = tty ? undefined : new JsonFileLog(containers.logPath(id));
  const stdio: ContainerStdio = {
    stdin: options.stdin ? 'inherit' : 'ignore',
    stdout: log ? log.stream('stdout', process.stdout) : 'inherit',
    stderr: log ? log.stream('stderr', process.stderr) : 'inherit',
  };
  try {
    return await runSession(containers, container, { ...stdio, leaveMounted: options.removeAfter });
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
    await log?.close();
  }
}
