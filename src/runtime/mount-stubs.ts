import { lstat, rmdir, unlink, utimes } from 'node:fs/promises';
import { posix } from 'node:path';
import { secureJoin } from '../layer/index.js';

/** A path of the root filesystem and where it resolved on the host when recorded. */
interface RootPath {
  path: string;
  hostPath: string;
}

/** An existing directory that gets a stub, with its times to put back once the stub is gone. */
interface StubParent extends RootPath {
  atime: number;
  mtime: number;
}

/** The mount points runc will create in a root filesystem, and the directories they are created in. */
export interface MountStubs {
  /** Missing paths, parents before children. */
  stubs: RootPath[];
  parents: StubParent[];
}

/** Seconds with the sub-second part, as utimes() takes them. */
function seconds(ns: bigint): number {
  return Number(ns) / 1e9;
}

/** The paths runc will create in `rootfs` as mount points: each missing destination and its missing parents. */
export async function findMountStubs(rootfs: string, destinations: string[]): Promise<MountStubs> {
  const stubs = new Map<string, RootPath>();
  const parents = new Map<string, StubParent>();
  for (const destination of destinations) {
    const parts = destination.split('/').filter((part) => part !== '');
    for (let i = 1; i <= parts.length; i++) {
      const path = `/${parts.slice(0, i).join('/')}`;
      if (stubs.has(path)) continue;
      const hostPath = await secureJoin(rootfs, path);
      if (await lstat(hostPath).then(() => true, () => false)) continue;
      stubs.set(path, { path, hostPath });
      const parent = posix.dirname(path);
      if (stubs.has(parent) || parents.has(parent)) continue;
      const parentHostPath = await secureJoin(rootfs, parent);
      const stat = await lstat(parentHostPath, { bigint: true });
      parents.set(parent, { path: parent, hostPath: parentHostPath, atime: seconds(stat.atimeNs), mtime: seconds(stat.mtimeNs) });
    }
  }
  return { stubs: [...stubs.values()], parents: [...parents.values()] };
}

/** True when `entry.path` still resolves to where it did (the container did not swap a parent for a symlink). */
async function unmoved(rootfs: string, entry: RootPath): Promise<boolean> {
  return (await secureJoin(rootfs, entry.path)) === entry.hostPath;
}

/**
 * Removes the stubs that are still empty (like BuildKit), deepest first, so that mount points do
 * not end up in a layer, and puts back the times of the directories they were created in. Paths
 * that now resolve elsewhere are left alone.
 */
export async function removeMountStubs(rootfs: string, { stubs, parents }: MountStubs): Promise<void> {
  for (const stub of [...stubs].reverse()) {
    if (!(await unmoved(rootfs, stub))) continue;
    const stat = await lstat(stub.hostPath).catch(() => undefined);
    if (stat?.isDirectory()) await rmdir(stub.hostPath).catch(() => undefined);
    else if (stat?.isFile() && stat.size === 0) await unlink(stub.hostPath);
  }
  for (const parent of parents) {
    const stat = await lstat(parent.hostPath).catch(() => undefined);
    if (stat?.isDirectory() && (await unmoved(rootfs, parent))) await utimes(parent.hostPath, parent.atime, parent.mtime);
  }
}
