import { lstat, rmdir, unlink } from 'node:fs/promises';
import { secureJoin } from '../layer/index.js';

/** A path in the root filesystem that a mount will create, with its host path when recorded. */
export interface MountStub {
  path: string;
  hostPath: string;
}

async function missing(hostPath: string): Promise<boolean> {
  return lstat(hostPath).then(
    () => false,
    () => true,
  );
}

/**
 * The paths runc will create in `rootfs` as mount points (each missing destination and its missing
 * parents), recorded before the container starts, deepest last.
 */
export async function findMountStubs(rootfs: string, destinations: string[]): Promise<MountStub[]> {
  const stubs = new Map<string, MountStub>();
  for (const destination of destinations) {
    const parts = destination.split('/').filter((part) => part !== '');
    for (let i = 1; i <= parts.length; i++) {
      const path = `/${parts.slice(0, i).join('/')}`;
      if (stubs.has(path)) continue;
      const hostPath = await secureJoin(rootfs, path);
      if (await missing(hostPath)) stubs.set(path, { path, hostPath });
    }
  }
  return [...stubs.values()];
}

/**
 * Removes the stubs that are still empty (like BuildKit), deepest first, so that mount points do
 * not end up in a layer. A stub whose path now resolves elsewhere (the container replaced a parent
 * with a symlink) is left alone.
 */
export async function removeMountStubs(rootfs: string, stubs: MountStub[]): Promise<void> {
  for (const stub of [...stubs].reverse()) {
    if ((await secureJoin(rootfs, stub.path)) !== stub.hostPath) continue;
    const stat = await lstat(stub.hostPath).catch(() => undefined);
    if (stat?.isDirectory()) await rmdir(stub.hostPath).catch(() => undefined);
    else if (stat?.isFile() && stat.size === 0) await unlink(stub.hostPath);
  }
}
