import { BerthError } from '../core/index.js';

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
}

/** True when this process can mount overlayfs (kernel support and privilege); probed once, cached. */
export async function overlaySupported(): Promise<boolean> {
  throw new BerthError('NOT_IMPLEMENTED', 'overlaySupported is not implemented yet');
}

/**
 * Mounts overlayfs at `target` with mount(8). Uses absolute paths when they fit in one page of
 * mount data, else short relative symlinks (mount runs with its working directory in `linkDir`'s
 * parent). Turns off redirect_dir and metacopy where the kernel allows, so the upper directory is a
 * plain diff. Throws BerthError SNAPSHOT_MOUNT with mount's message.
 */
export async function mountOverlay(options: OverlayMountOptions): Promise<void> {
  void options;
  throw new BerthError('NOT_IMPLEMENTED', 'mountOverlay is not implemented yet');
}

/**
 * Unmounts `target` and anything mounted below it (deepest first); retries briefly on EBUSY, then
 * detaches lazily (`umount -l`) as a last resort. No-op when nothing is mounted there.
 */
export async function unmount(target: string): Promise<void> {
  void target;
  throw new BerthError('NOT_IMPLEMENTED', 'unmount is not implemented yet');
}

/** Mount points at or below `dir`, deepest first, read from /proc/self/mountinfo. */
export async function mountPointsUnder(dir: string): Promise<string[]> {
  void dir;
  throw new BerthError('NOT_IMPLEMENTED', 'mountPointsUnder is not implemented yet');
}
