// `save -o FILE`: the archive is written to a temp file beside FILE, fsynced and renamed, so
// FILE is either the old file or the complete archive, never half of one.

import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Store } from '../store/index.js';
import { saveImages } from './save.js';

/** Saves the named images to `path` atomically. */
export async function saveImagesToFile(store: Store, args: string[], path: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await saveImages(store, args, createWriteStream(temp));
    const handle = await open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
