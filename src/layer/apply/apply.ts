import { realpath } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { decompressAuto } from '../compression/index.js';
import { readTar } from '../tar/reader.js';
import type { ApplyOptions, ApplyResult } from '../types.js';
import { Extractor } from './extractor.js';

/**
 * Extracts a layer (uncompressed or any detected compression) into rootDir, applying OCI
 * whiteouts. Never writes outside rootDir: `..` components, absolute names, parents that are
 * symlinks leading out (absolute targets or relative ones climbing above the root; with
 * `chrootSymlinks` these are followed inside rootDir instead), and hardlinks to targets outside
 * are refused with LAYER_UNSAFE_PATH naming the entry. Owners and devices need
 * root (see ApplyOptions). Entries already applied stay when an error stops the extraction.
 */
export async function applyLayer(tar: Readable | AsyncIterable<Buffer>, rootDir: string, options: ApplyOptions = {}): Promise<ApplyResult> {
  const root = await realpath(rootDir);
  const isRoot = process.getuid?.() === 0;
  const extractor = new Extractor(root, {
    format: options.format ?? 'plain',
    stripAbsolutePaths: options.stripAbsolutePaths ?? false,
    chrootSymlinks: options.chrootSymlinks ?? false,
    whiteouts: options.whiteouts ?? true,
    devices: options.devices ?? isRoot,
    metadata: { owners: options.owners ?? isRoot, xattrs: options.xattrs ?? true, idOffset: options.idOffset ?? 0, root: isRoot },
  });
  const { stream } = await decompressAuto(tar);
  for await (const entry of readTar(stream)) {
    options.signal?.throwIfAborted();
    await extractor.apply(entry);
  }
  await extractor.finish();
  return extractor.result;
}
