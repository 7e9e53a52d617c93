import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { BerthError } from '../core/index.js';
import { mountPointsUnder, unmount, unmountSync } from './mount.js';
import { mountPointsUnderSync } from './mountinfo.js';

/**
 * Unmounts everything below `dir`, then deletes it. Refuses (BerthError SNAPSHOT_UNMOUNT) while
 * anything is still mounted there: deleting through a mount would reach into other trees.
 */
export async function removeDir(dir: string): Promise<void> {
  await unmount(dir);
  const left = await mountPointsUnder(dir);
  if (left.length > 0) throw new BerthError('SNAPSHOT_UNMOUNT', `cannot remove ${dir}: ${left[0]} is still mounted`);
  await rm(dir, { recursive: true, force: true });
}

/** {@link removeDir} for exit handlers, which cannot wait; leaves the directory when a mount remains. */
export function removeDirSync(dir: string): void {
  unmountSync(dir);
  if (mountPointsUnderSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
}
