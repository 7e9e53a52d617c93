import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../core/index.js';
import { resolveUser, type OciProcess } from '../runtime/index.js';
import { isActive, runcOf } from './lifecycle.js';
import { mergeEnv } from './process-config.js';
import type { ContainerStore } from './records.js';
import { containerSnapshot } from './rootfs.js';
import type { Container } from './types.js';

/** What `exec` runs. */
export interface ExecRequest {
  args: string[];
  env: string[];
  user?: string;
  workdir?: string;
  tty: boolean;
  interactive: boolean;
  detach: boolean;
}

/** docker's error for exec, top, stats… on a container that does not run. */
export function notRunning(container: Container): BerthError {
  return new BerthError('CONTAINER_NOT_RUNNING', `Container ${container.record.id} is not running`);
}

/**
 * `exec`: runs another process in the running container, in its namespaces and cgroup, with the
 * container's process settings (env, user, working directory) as the base, changed by the request.
 * Resolves with its exit status (0 at once with `detach`); 126/127 when it cannot start, like docker.
 */
export async function execInContainer(containers: ContainerStore, container: Container, request: ExecRequest): Promise<number> {
  if (!isActive(container) || container.state.status === 'restarting') throw notRunning(container);
  const bundle = join(containers.stateDir, 'bundles', container.record.id);
  const spec = JSON.parse(await readFile(join(bundle, 'config.json'), 'utf8').catch(() => {
    throw notRunning(container);
  })) as { process: OciProcess };
  const base = spec.process;
  let user = base.user;
  if (request.user !== undefined) {
    const resolved = await resolveUser((await containerSnapshot(container.dir)).rootfs, request.user);
    user = { uid: resolved.uid, gid: resolved.gid, ...(resolved.additionalGids.length > 0 ? { additionalGids: resolved.additionalGids } : {}) };
  }
  const processSpec: OciProcess = {
    ...base,
    args: request.args,
    env: mergeEnv(base.env ?? [], [...(request.tty ? ['TERM=xterm'] : []), ...request.env]),
    cwd: request.workdir ?? base.cwd,
    terminal: request.tty,
    user,
  };
  return runcOf(containers).exec(container.record.id, processSpec, {
    detach: request.detach,
    stdin: request.interactive && !request.detach ? 'inherit' : 'ignore',
    stdout: request.detach ? 'ignore' : 'inherit',
    stderr: request.detach ? 'ignore' : 'inherit',
  });
}
