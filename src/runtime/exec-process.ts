import { mergeEnv } from './env.js';
import type { OciProcess, OciSpec } from './oci-spec.js';
import { resolveUser } from './user.js';

/** What `berth exec` may change about the process it starts in a running container. */
export interface ExecOptions {
  args: string[];
  /** `KEY=VALUE` entries replacing or adding to the container's environment (`-e`). */
  env?: string[];
  /** docker's user string (`-u`); default the container's user. */
  user?: string;
  /** Working directory (`-w`); default the container's. */
  cwd?: string;
  /** Allocate a pseudo-terminal (`-t`). */
  terminal?: boolean;
}

/**
 * The process for {@link Runc.exec} in a container made from `spec` (its config.json): the
 * container's environment, user, working directory, capabilities and limits, with `options` applied
 * like docker exec does (another user gets its own HOME from the container's /etc/passwd unless
 * `env` sets one; a terminal gets TERM=xterm unless set).
 */
export async function execProcess(spec: OciSpec, options: ExecOptions): Promise<OciProcess> {
  let env = spec.process.env;
  let user = spec.process.user;
  if (options.user !== undefined) {
    const resolved = await resolveUser(spec.root.path, options.user);
    user = { uid: resolved.uid, gid: resolved.gid, ...(resolved.additionalGids.length > 0 ? { additionalGids: resolved.additionalGids } : {}) };
    env = mergeEnv(env, [`HOME=${resolved.home}`]);
  }
  const terminal = options.terminal ?? false;
  env = mergeEnv(env, [...(terminal && !env.some((entry) => entry.startsWith('TERM=')) ? ['TERM=xterm'] : []), ...(options.env ?? [])]);
  return { ...spec.process, terminal, user, args: options.args, env, cwd: options.cwd ?? spec.process.cwd };
}
