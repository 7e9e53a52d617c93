import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { BerthError } from '../../core/index.js';
import type { MountSpec } from '../../dockerfile/types.js';
import { layer } from '../lazy.js';
import type { ContainerMount } from '../../runtime/index.js';
import type { StepEnv } from './env.js';
import { matchSources, sourcesChecksum } from './sources.js';

/** The mounts of a RUN step ready for the runtime, plus the secret env vars and what to release afterwards. */
export interface PreparedMounts {
  mounts: ContainerMount[];
  env: string[];
  /** Identity of the mounts' content for the cache key (secrets never appear here). */
  identity: unknown[];
  release(): Promise<void>;
}

/** Resolves `RUN --mount` specs to runtime mounts: persistent cache dirs, secrets, binds (context or stage), tmpfs. */
export async function prepareMounts(env: StepEnv, specs: readonly MountSpec[], workdir: string): Promise<PreparedMounts> {
  const out: PreparedMounts = { mounts: [], env: [], identity: [], release: async () => undefined };
  const releases: Array<() => Promise<void>> = [];
  out.release = async () => {
    for (const r of releases.reverse()) await r();
  };
  const absTarget = (t: string | undefined): string => posix.resolve(workdir, t ?? '/');
  const { secureJoin } = await layer();
  try {
    for (const spec of specs) {
      switch (spec.type) {
        case 'cache': {
          const target = absTarget(spec.target);
          const id = spec.id ?? target;
          const dir = await env.cache.mountDir(id);
          const st = await stat(dir);
          if (st.nlink <= 2 && (spec.uid !== undefined || spec.gid !== undefined || spec.mode !== undefined)) {
            await chown(dir, spec.uid ?? 0, spec.gid ?? 0);
            await chmod(dir, spec.mode ?? 0o755);
          }
          out.mounts.push({ type: 'bind', source: dir, target, readonly: spec.readonly });
          out.identity.push({ cache: id, target });
          break;
        }
        case 'secret': {
          const id = spec.id ?? posix.basename(spec.target ?? '');
          const secret = env.secrets.get(id);
          if (!secret) {
            if (spec.required) throw new BerthError('SECRET_NOT_FOUND', `secret ${id} not found`, { hint: `pass it with --secret id=${id},src=FILE` });
            break;
          }
          if (spec.env) out.env.push(`${spec.env}=${secret.data.toString('utf8')}`);
          if (!spec.env || spec.target) out.mounts.push({ type: 'secret', target: spec.target ?? `/run/secrets/${id}`, data: secret.data, uid: spec.uid, gid: spec.gid, mode: spec.mode });
          out.identity.push({ secret: id, target: spec.target, env: spec.env });
          break;
        }
        case 'bind': {
          const target = absTarget(spec.target);
          let root = env.context.root;
          let key: unknown = 'context';
          if (spec.from !== undefined) {
            const from = await env.openFrom(spec.from);
            releases.push(() => from.release());
            root = from.tree.root;
            key = from.key;
          }
          let source = await secureJoin(root, spec.source ?? '/');
          if (spec.from === undefined) key = await contextChecksum(env, spec.source ?? '/');
          if (!spec.readonly) {
            // A writable bind gets a throw-away copy: changes must reach neither the source nor the layer.
            const copy = await mkdtemp(join(tmpdir(), 'berth-bind-'));
            releases.push(() => rm(copy, { recursive: true, force: true }));
            await promisify(execFile)('cp', ['-a', `${source}/.`, copy]);
            source = copy;
          }
          out.mounts.push({ type: 'bind', source, target, readonly: spec.readonly });
          out.identity.push({ bind: key, source: spec.source, target, readonly: spec.readonly });
          break;
        }
        case 'tmpfs': {
          const target = absTarget(spec.target);
          out.mounts.push({ type: 'tmpfs', target, size: spec.size });
          out.identity.push({ tmpfs: target, size: spec.size });
          break;
        }
        default:
          throw new BerthError('MOUNT_UNSUPPORTED', `RUN --mount=type=${spec.type} is not supported by berth`);
      }
    }
    return out;
  } catch (err) {
    await out.release();
    throw err;
  }
}

async function contextChecksum(env: StepEnv, source: string): Promise<unknown> {
  return sourcesChecksum(env.context, await matchSources(env.context, [source]));
}
