import { chown, lstat, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BerthError, currentProcess } from '../core/index.js';
import { secureJoin } from '../layer/index.js';
import { registerExitCleanup, removeDir, removeDirSync } from '../snapshot/index.js';
import { writeEtcFiles } from './etc-files.js';
import { findMountStubs, removeMountStubs } from './mount-stubs.js';
import type { OciSpec } from './oci-spec.js';
import { writeSecrets } from './secrets.js';
import { generateSpec } from './spec.js';
import type { ContainerConfig } from './types.js';
import { resolveUser } from './user.js';

/** An OCI bundle directory written by {@link createBundle}. */
export interface Bundle {
  /** The bundle directory (holds config.json, the generated /etc files, the secrets tmpfs). */
  dir: string;
  spec: OciSpec;
  /**
   * Removes what the container's mounts created in the root filesystem when absent before
   * (empty mount-point files and directories, like BuildKit), so they do not reach a layer. Call it
   * after the container exited, before taking the snapshot's changes.
   */
  removeMountStubs(): Promise<void>;
  /** Unmounts the secrets tmpfs and deletes the bundle directory. Idempotent. */
  remove(): Promise<void>;
}

/** The file in a non-persistent bundle naming its container and the process that owns it, for {@link cleanupStaleContainers}. */
export const OWNER_FILE = 'owner.json';

/** Creates the working directory when missing, like docker: root-owned, mode 0755, resolved inside the root. */
async function ensureWorkingDir(rootfs: string, cwd: string): Promise<void> {
  const hostPath = await secureJoin(rootfs, cwd);
  const stat = await lstat(hostPath).catch(() => undefined);
  if (stat?.isDirectory()) return;
  if (stat !== undefined) throw new BerthError('CONTAINER_CWD', `cannot use ${cwd} as working directory: it is not a directory`, { exitCode: 125 });
  const created = await mkdir(hostPath, { recursive: true, mode: 0o755 });
  if (created !== undefined) await chown(created, 0, 0);
}

/**
 * Writes an OCI bundle for `config` into `dir`: config.json (see {@link generateSpec}), hosts,
 * resolv.conf (the host's, without loopback nameservers unless host networking) and hostname files,
 * and secrets on a tmpfs; resolves the user in the root filesystem and creates the working directory
 * there when missing (root-owned, mode 0755, like docker). Unless `persistent` (a detached container
 * outliving this process), the bundle is removed at process exit when {@link Bundle.remove} did not
 * run, and records its owner so that {@link cleanupStaleContainers} can clear it after a crash.
 */
export async function createBundle(dir: string, config: ContainerConfig, options: { persistent?: boolean } = {}): Promise<Bundle> {
  const bundleDir = resolve(dir);
  await mkdir(bundleDir, { recursive: true });
  const unregister = options.persistent ? () => undefined : registerExitCleanup(() => removeDirSync(bundleDir));
  const remove = async () => {
    await removeDir(bundleDir);
    unregister();
  };
  try {
    if (!options.persistent) await writeFile(join(bundleDir, OWNER_FILE), JSON.stringify({ id: config.id, owner: currentProcess() }));
    const process = config.process;
    const user = await resolveUser(config.rootfs, process.user, process.groupAdd);
    const etcFiles = await writeEtcFiles(bundleDir, config);
    const secrets = await writeSecrets(join(bundleDir, 'secrets'), config.mounts ?? []);
    const spec = generateSpec(config, user, { ...etcFiles, secrets });
    await ensureWorkingDir(config.rootfs, spec.process.cwd);
    const stubs = await findMountStubs(
      config.rootfs,
      spec.mounts.map((mount) => mount.destination),
    );
    // The directory is private until this function returns, and removed whole on failure: no temp file needed.
    await writeFile(join(bundleDir, 'config.json'), JSON.stringify(spec, null, 2));
    return { dir: bundleDir, spec, removeMountStubs: () => removeMountStubs(config.rootfs, stubs), remove };
  } catch (err) {
    await remove().catch(() => undefined);
    throw err;
  }
}
