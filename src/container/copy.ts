import { lstat, mkdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BerthError } from '../core/index.js';
import { applyLayer, pathToTar, secureJoin } from '../layer/index.js';
import { withRootfs } from './filesystem.js';
import type { Container } from './types.js';

async function isDirectory(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * Where a copy lands, by docker cp's rules: into `dest` when it is an existing directory (keeping
 * the source's name), else as `dest` itself (its parent must exist).
 */
async function landing(destHost: string, sourceName: string): Promise<{ dir: string; name: string }> {
  if (await isDirectory(destHost)) return { dir: destHost, name: sourceName };
  if (!(await isDirectory(dirname(destHost)))) throw new BerthError('CP_DEST', `no such directory: ${dirname(destHost)}`);
  return { dir: dirname(destHost), name: basename(destHost) };
}

/** `cp CONTAINER:SRC -`: the tar docker writes for a path in the container (symlinks never followed out of its root). */
export async function copyFromContainerTar(container: Container, src: string, out: NodeJS.WritableStream): Promise<void> {
  await withRootfs(container, async (rootfs) => {
    await pipeline(await pathToTar(rootfs, src), out, { end: false });
  });
}

/** `cp CONTAINER:SRC DEST`: copies a file or directory out of the container to the host. */
export async function copyFromContainer(container: Container, src: string, dest: string): Promise<void> {
  await withRootfs(container, async (rootfs) => {
    const target = await landing(resolve(dest), basename(`/${src}`) || '.');
    const tar = await pathToTar(rootfs, src, { prefix: target.name });
    await applyLayer(tar, target.dir, { whiteouts: false });
  });
}

/**
 * `cp SRC CONTAINER:DEST` (SRC `-`: a tar on `stdin`): copies into the container's filesystem;
 * DEST is resolved inside the container's root, symlinks followed as in a chroot, never out of it.
 */
export async function copyToContainer(container: Container, src: string, dest: string, stdin?: Readable): Promise<void> {
  await withRootfs(container, async (rootfs) => {
    if (src === '-') {
      const dir = await secureJoin(rootfs, dest);
      if (!(await isDirectory(dir))) throw new BerthError('CP_DEST', `destination "${dest}" must be a directory when copying a tar from stdin`);
      await applyLayer(stdin ?? process.stdin, dir, { whiteouts: false, chrootSymlinks: true });
      return;
    }
    const hostSource = resolve(src);
    const destHost = await secureJoin(rootfs, dest);
    const target = await landing(destHost, basename(hostSource));
    await mkdir(target.dir, { recursive: true });
    const tar = await pathToTar(dirname(hostSource), basename(hostSource), { prefix: target.name });
    await applyLayer(tar, target.dir, { whiteouts: false, chrootSymlinks: true });
  });
}
