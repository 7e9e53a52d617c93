import { join } from 'node:path';
import { BerthError } from '../core/index.js';
import { createBundle } from './bundle.js';
import { Runc } from './runc.js';
import type { ContainerConfig, RunOptions, RunResult } from './types.js';

// What runc accepts as an id, and safe as a directory name.
const CONTAINER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Runs a container in the foreground and cleans up after it: writes the bundle under
 * `<stateDir>/bundles/<id>`, runs `runc run`, removes mount stubs, the runc container and the bundle
 * (also on failure, abort, Ctrl-C). The build's RUN steps and `berth run` call this. The root
 * filesystem (a snapshot) stays as it is; its changes are the step's layer.
 * Resolves with the process's exit status however it ended; throws BerthError CONTAINER_START when
 * the process could not be started (exitCode 127: executable not found, 126: not executable,
 * 125: other setup failures such as an unknown user), with runc's reason in one line.
 */
export async function runContainer(config: ContainerConfig, options: RunOptions): Promise<RunResult> {
  options.signal?.throwIfAborted();
  if (!CONTAINER_ID.test(config.id)) {
    throw new BerthError('CONTAINER_ID', `invalid container id ${JSON.stringify(config.id)}: use letters, digits, '_', '.', '-' (at most 128)`, { exitCode: 125 });
  }
  const bundle = await createBundle(join(options.stateDir, 'bundles', config.id), config);
  try {
    const runc = new Runc(join(options.stateDir, 'runc'));
    return { exitCode: await runc.run(config.id, bundle.dir, { ...options, tty: config.process.terminal }) };
  } finally {
    try {
      await bundle.removeMountStubs();
    } finally {
      await bundle.remove();
    }
  }
}
