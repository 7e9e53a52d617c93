import { execFile } from 'node:child_process';
import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getAttribute, removeAttribute } from '../core/index.js';
import { BerthError } from '../core/index.js';
import { walk } from './tree-walk.js';

const run = promisify(execFile);
const OPAQUE = 'trusted.overlay.opaque';

/** What a lower directory in overlay format asks of the layers below it. */
interface LowerMarks {
  /** Paths deleted by 0:0 character devices. */
  whiteouts: string[];
  /** Directories whose lower contents are hidden. */
  opaque: string[];
  /** Paths of every directory and of every non-directory, to replace entries of the other kind. */
  dirs: Set<string>;
  others: Set<string>;
}

async function readMarks(lower: string, signal?: AbortSignal): Promise<LowerMarks> {
  const marks: LowerMarks = { whiteouts: [], opaque: [], dirs: new Set(), others: new Set() };
  for await (const { path, stat } of walk(lower, signal)) {
    if (stat.isCharacterDevice() && stat.rdev === 0n) marks.whiteouts.push(path);
    else if (stat.isDirectory()) {
      marks.dirs.add(path);
      if ((await getAttribute(join(lower, path), OPAQUE))?.toString() === 'y') marks.opaque.push(path);
    } else marks.others.add(path);
  }
  return marks;
}

async function kindAt(path: string): Promise<'dir' | 'other' | undefined> {
  try {
    return (await lstat(path)).isDirectory() ? 'dir' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/**
 * Removes from `rootfs` what the lower hides or replaces, so that copying it on top never writes
 * through a symlink or onto an entry of another kind. Parents come before children in `dirs`, so a
 * symlink where the lower has a directory is gone before anything below it is looked at.
 */
async function clearForLower(rootfs: string, marks: LowerMarks): Promise<void> {
  for (const path of marks.dirs) {
    if ((await kindAt(join(rootfs, path))) === 'other') await rm(join(rootfs, path));
  }
  const hidden = [...marks.whiteouts, ...marks.opaque];
  for (const path of marks.others) if ((await kindAt(join(rootfs, path))) === 'dir') hidden.push(path);
  for (const path of hidden) await rm(join(rootfs, path), { recursive: true, force: true });
}

async function copyLower(lower: string, rootfs: string, signal?: AbortSignal): Promise<void> {
  try {
    await run('cp', ['-a', '--reflink=auto', '--remove-destination', `${lower}/.`, `${rootfs}/`], { signal, maxBuffer: 1 << 20 });
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    const stderr = String((err as { stderr?: string }).stderr).trim();
    throw new BerthError('SNAPSHOT_COPY', `cannot copy layer ${lower} into ${rootfs}: ${stderr.split('\n')[0]}`, { cause: err });
  }
}

/** Drops the overlay markers cp carried over: whiteout devices and opaque xattrs. */
async function dropMarkers(rootfs: string, marks: LowerMarks): Promise<void> {
  for (const path of marks.whiteouts) await rm(join(rootfs, path), { force: true });
  for (const path of marks.opaque) await removeAttribute(join(rootfs, path), OPAQUE).catch(() => undefined);
}

/**
 * Fills `rootfs` with the merged view of `lowers` (top first, overlay format) the way overlayfs
 * would show it: bottom layer first, each layer's whiteouts and opaque directories applied before
 * it is copied with `cp -a` (owners, modes, xattrs, hardlinks, devices, reflinks where possible).
 */
export async function copyLowers(lowers: readonly string[], rootfs: string, signal?: AbortSignal): Promise<void> {
  for (const lower of [...lowers].reverse()) {
    const marks = await readMarks(lower, signal);
    await clearForLower(rootfs, marks);
    await copyLower(lower, rootfs, signal);
    await dropMarkers(rootfs, marks);
  }
}
