import type { WorkdirInstruction } from '../../dockerfile/types.js';
import { cacheKey } from '../cache/key.js';
import { addHistory, cloneConfig } from '../image/state.js';
import type { ImageState } from '../image/state.js';
import { resolveWorkdir } from '../image/metadata.js';
import { resolveChown } from './chown.js';
import type { StepNaming } from './copy-step.js';
import { mkdirInRoot } from './copier.js';
import type { StepEnv } from './env.js';
import { runLayerStep } from './layer-step.js';

/** WORKDIR: sets the working directory and, like BuildKit, creates it (owned by USER) unless it is `/`. */
export async function workdirStep(env: StepEnv, state: ImageState, ins: WorkdirInstruction, naming: StepNaming): Promise<ImageState> {
  const config = cloneConfig(state.config);
  const dir = resolveWorkdir(config.config?.WorkingDir, ins.path);
  (config.config ??= {}).WorkingDir = dir;
  const next: ImageState = { ...state, config };
  if (dir === '/') {
    addHistory(config, `WORKDIR ${dir}`, true, naming.created);
    return next;
  }
  const user = config.config.User;
  const key = cacheKey(state.cacheKey, 'WORKDIR', dir, user ?? '');
  return runLayerStep(env, next, { key, name: naming.name, createdBy: `WORKDIR ${dir}`, created: naming.created }, () =>
    env.workspace.withSnapshot(state.layers, async (snapshot) => {
      await mkdirInRoot(snapshot.rootfs, dir, user ? await resolveChown(snapshot.rootfs, user) : { uid: 0, gid: 0 });
      return env.workspace.commit(snapshot);
    }),
  );
}
