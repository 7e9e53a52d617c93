import { randomBytes } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError, type ProcessIdentity } from '../core/index.js';
import type { SnapshotKind } from './types.js';

/** What a snapshot directory records about itself in `meta.json`. */
export interface SnapshotMeta {
  id: string;
  kind: SnapshotKind;
  lowers: string[];
  persistent: boolean;
  /** Overlay mounted volatile (absent in snapshots made before the option existed). */
  volatile?: boolean;
  /** The process that created it; a dead owner makes a non-persistent snapshot stale. */
  owner: ProcessIdentity;
  created: string;
}

/** Writes `meta.json` atomically (temp file, fsync, rename). */
export async function writeMeta(dir: string, meta: SnapshotMeta): Promise<void> {
  const temp = join(dir, `.meta.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(JSON.stringify(meta, null, 2) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, 'meta.json'));
}

/** Reads `meta.json`, or undefined when the directory has none (a snapshot half-made by a crash). */
export async function readMeta(dir: string): Promise<SnapshotMeta | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'meta.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as SnapshotMeta;
  } catch (err) {
    throw new BerthError('SNAPSHOT_CORRUPT', `cannot read ${join(dir, 'meta.json')}: ${(err as Error).message}`, { cause: err });
  }
}
