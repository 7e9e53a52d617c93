import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { BerthError } from '../core/index.js';
import { mountPointsUnder, mountPointsUnderSync } from './mountinfo.js';

const run = promisify(execFile);

/** Options of {@link mountOverlay}. */
export interface OverlayMountOptions {
  /** Lower directories, top first (at least one). */
  lowers: readonly string[];
  /** Writable upper directory (same filesystem as `work`). */
  upper: string;
  /** Empty work directory for overlayfs. */
  work: string;
  /** Mount point (must exist). */
  target: string;
  /**
   * Directory for short symlinks to the lowers, used when the absolute lowerdir option would
   * exceed the kernel's one-page limit for mount data. Default: `<dirname(upper)>/l`.
   */
  linkDir?: string;
  /**
   * Mount with `volatile` (Linux 5.10+; ignored where the kernel lacks it): overlayfs then never
   * syncs the upper filesystem, neither on fsync nor at unmount. Only for uppers that are discarded,
   * or whose contents are re-derivable, after a crash.
   */
  volatile?: boolean;
}

// mount(2) copies at most one page of option data; keep a margin for the NUL and libmount's additions.
const MOUNT_DATA_LIMIT = 4000;
// overlayfs refuses more lower layers than this (OVL_MAX_STACK).
const MAX_LOWERS = 500;
// Characters that mount(8)'s option parser or overlayfs's lowerdir list would misread.
const UNSAFE_IN_OPTIONS = /[,:\\\s"']/;
// Without these the upper directory is not a plain diff: renamed directories would become redirects
// and chmod/chown would copy up metadata only.
const DIFF_OPTIONS = ',redirect_dir=off,metacopy=off';
// Unmounting an overlay syncs its whole upper filesystem (the RUN's output, and every other writer's dirty data on it) unless volatile.
const VOLATILE_OPTION = ',volatile';

let supported: boolean | undefined;

/**
 * True when overlayfs is worth trying here: the kernel knows it and we are root. Cheap and cached;
 * a mount can still fail (e.g. an upper dir on overlayfs), which {@link createSnapshot} handles by
 * falling back to copies.
 */
export async function overlaySupported(): Promise<boolean> {
  if (supported === undefined) {
    const filesystems = await readFile('/proc/filesystems', 'utf8').catch(() => '');
    supported = process.getuid?.() === 0 && /\toverlay$/m.test(filesystems);
  }
  return supported;
}

function optionData(lowers: readonly string[], upper: string, work: string): string {
  return `lowerdir=${lowers.join(':')},upperdir=${upper},workdir=${work}`;
}

/** The mount data and working directory for mount(8): absolute paths when they fit and are safe, else short links. */
async function planOptions(options: OverlayMountOptions): Promise<{ data: string; cwd?: string }> {
  const { lowers, upper, work } = options;
  const absolute = optionData(lowers, upper, work);
  const safe = [...lowers, upper, work].every((path) => !UNSAFE_IN_OPTIONS.test(path));
  if (safe && absolute.length + DIFF_OPTIONS.length <= MOUNT_DATA_LIMIT) return { data: absolute };
  const cwd = dirname(upper);
  const linkDir = options.linkDir ?? join(cwd, 'l');
  await rm(linkDir, { recursive: true, force: true });
  await mkdir(linkDir, { recursive: true });
  const links = await Promise.all(
    lowers.map(async (lower, index) => {
      const link = join(linkDir, index.toString(36));
      await symlink(lower, link);
      return relative(cwd, link);
    }),
  );
  const data = optionData(links, basename(upper), relative(cwd, work));
  if (UNSAFE_IN_OPTIONS.test([basename(upper), relative(cwd, work), relative(cwd, linkDir)].join(''))) {
    throw new BerthError('SNAPSHOT_MOUNT', `cannot mount overlay at ${options.target}: upper, work and link directories need plain names`);
  }
  return { data, cwd };
}

function mountError(target: string, err: unknown): BerthError {
  const stderr = (err as { stderr?: string }).stderr?.trim() || String(err);
  return new BerthError('SNAPSHOT_MOUNT', `cannot mount overlay at ${target}: ${stderr.split('\n').pop()}`, { cause: err });
}

/**
 * Mounts overlayfs at `target` with mount(8). Uses absolute paths when they fit in one page of
 * mount data, else short relative symlinks (mount runs with its working directory in `linkDir`'s
 * parent). Turns off redirect_dir and metacopy where the kernel allows, so the upper directory is a
 * plain diff, and adds `volatile` when asked and the kernel allows. Throws BerthError SNAPSHOT_MOUNT
 * with mount's message.
 */
export async function mountOverlay(options: OverlayMountOptions): Promise<void> {
  if (options.lowers.length === 0) throw new BerthError('SNAPSHOT_MOUNT', `cannot mount overlay at ${options.target}: no lower directory`);
  if (options.lowers.length > MAX_LOWERS) {
    throw new BerthError('SNAPSHOT_MOUNT', `cannot mount overlay at ${options.target}: ${options.lowers.length} layers exceed overlayfs's limit of ${MAX_LOWERS}`, {
      hint: 'squash the image into fewer layers',
    });
  }
  const { data, cwd } = await planOptions(options);
  // Each kernel refuses the options it does not know (volatile: before 5.10; metacopy: before 4.19, whose upper dirs are plain diffs anyway).
  const attempts = options.volatile ? [DIFF_OPTIONS + VOLATILE_OPTION, DIFF_OPTIONS, ''] : [DIFF_OPTIONS, ''];
  for (const [i, extra] of attempts.entries()) {
    try {
      await run('mount', ['-t', 'overlay', 'overlay', '-o', data + extra, options.target], { cwd });
      return;
    } catch (err) {
      const unknownOption = /invalid argument|bad option|wrong fs type/i.test(String((err as { stderr?: string }).stderr));
      if (!unknownOption || i === attempts.length - 1) throw mountError(options.target, err);
    }
  }
}

const BUSY_RETRIES = [20, 50, 100, 200, 400];

async function unmountOne(point: string): Promise<void> {
  for (const delay of BUSY_RETRIES) {
    try {
      await run('umount', [point]);
      return;
    } catch (err) {
      const stderr = String((err as { stderr?: string }).stderr);
      if (/not mounted|no mount point|not found/i.test(stderr)) return;
      if (!/busy/i.test(stderr)) throw new BerthError('SNAPSHOT_UNMOUNT', `cannot unmount ${point}: ${stderr.trim()}`, { cause: err });
      await new Promise((resolveDelay) => setTimeout(resolveDelay, delay));
    }
  }
  await run('umount', ['-l', point]).catch((err: unknown) => {
    throw new BerthError('SNAPSHOT_UNMOUNT', `cannot unmount ${point}: ${String((err as { stderr?: string }).stderr).trim()}`, { cause: err });
  });
}

/**
 * Unmounts `target` and anything mounted below it (deepest first); retries briefly on EBUSY, then
 * detaches lazily (`umount -l`) as a last resort. No-op when nothing is mounted there.
 */
export async function unmount(target: string): Promise<void> {
  for (const point of await mountPointsUnder(target)) await unmountOne(point);
}

/** {@link unmount} for exit handlers: no retries, straight to a lazy unmount when busy. */
export function unmountSync(target: string): void {
  for (const point of mountPointsUnderSync(target)) {
    if (spawnSync('umount', [point], { stdio: 'ignore' }).status !== 0) spawnSync('umount', ['-l', point], { stdio: 'ignore' });
  }
}

export { mountPointsUnder };
