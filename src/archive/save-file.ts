// `save -o FILE`: the archive is written to a temp file beside FILE, fsynced and renamed, so
// FILE is either the old file or the complete archive, never half of one.

import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BerthError } from '../core/index.js';
import type { Store } from '../store/index.js';
import { saveImages } from './save.js';
import type { SaveOptions } from './save-plan.js';

/** Saves the named images to `path` atomically. */
export async function saveImagesToFile(store: Store, args: string[], path: string, options: SaveOptions = {}): Promise<void> {
  const directory = dirname(path);
  if (!(await stat(directory).then((s) => s.isDirectory(), () => false))) {
    throw new BerthError('SAVE_OUTPUT', `failed to save image: invalid output path: directory "${directory}" does not exist`);
  }
  const temp = join(directory, `.${basename(path)}.${process.pid}.tmp`);
  try {
    // flush: fsync before close, so the rename publishes complete bytes.
    await saveImages(store, args, createWriteStream(temp, { flush: true }), options);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
