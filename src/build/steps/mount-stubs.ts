import { lstat, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { layer } from '../lazy.js';
import type { ContainerMount } from '../../runtime/index.js';
import { mkdirInRoot } from './copier.js';

const ROOT = { uid: 0, gid: 0 };

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}

async function isDirectoryMount(mount: ContainerMount): Promise<boolean> {
  if (mount.type === 'tmpfs') return true;
  if (mount.type === 'secret') return false;
  return (await stat(mount.source)).isDirectory();
}

/**
 * Docker 20.10's BuildKit leaves the directories runc created for RUN mount targets in the layer
 * (it removes only empty file stubs). The runtime removes every stub; this puts the directories
 * back so that berth's layers match: `restore()` after the run recreates, as root 0755, the mount
 * points (and parents of file mounts) that did not exist before.
 */
export async function recordMountStubs(rootfs: string, mounts: readonly ContainerMount[]): Promise<{ restore(): Promise<void> }> {
  const { secureJoin } = await layer();
  const missing: string[] = [];
  for (const mount of mounts) {
    const dir = (await isDirectoryMount(mount)) ? mount.target : posix.dirname(mount.target);
    if (dir !== '/' && !(await exists(await secureJoin(rootfs, dir)))) missing.push(dir);
  }
  return {
    async restore() {
      for (const dir of missing) await mkdirInRoot(rootfs, dir, ROOT);
    },
  };
}
