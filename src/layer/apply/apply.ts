import type { Readable } from 'node:stream';
import type { ApplyOptions, ApplyResult } from '../types.js';

/**
 * Extracts a layer (uncompressed or any detected compression) into rootDir, applying OCI
 * whiteouts. Never writes outside rootDir: `..` components, absolute names, parents that are
 * symlinks pointing out, and hardlinks to targets outside are refused with LAYER_UNSAFE_PATH
 * naming the entry. Owners and devices need root (see ApplyOptions).
 */
export async function applyLayer(tar: Readable | AsyncIterable<Buffer>, rootDir: string, options: ApplyOptions = {}): Promise<ApplyResult> {
  void tar; void rootDir; void options;
  throw new Error('applyLayer is not implemented yet');
}
