// Worker thread side of scanLayers: scans the layers it is sent (read from their file location)
// and posts each scan back, or the error as plain data.

import { parentPort } from 'node:worker_threads';
import { isBerthError, type Digest } from '../core/index.js';
import { scanLayer } from './scan.js';
import { openLocation } from './source/files.js';
import type { BlobLocation } from './source/types.js';

/** A job sent to a worker. */
export interface ScanJob {
  index: number;
  digest: Digest;
  mediaType: string;
  size: number;
  location: BlobLocation;
  diffId?: Digest;
}

/** A worker's answer. */
export type ScanReply = { index: number; scan: Awaited<ReturnType<typeof scanLayer>> } | { index: number; error: { code?: string; message: string; hint?: string } };

parentPort?.on('message', async (job: ScanJob) => {
  try {
    const scan = await scanLayer({ digest: job.digest, mediaType: job.mediaType, size: job.size, open: async () => openLocation(job.location) }, job.diffId);
    parentPort?.postMessage({ index: job.index, scan } satisfies ScanReply);
  } catch (err) {
    const error = isBerthError(err) ? { code: err.code, message: err.message, hint: err.hint } : { message: (err as Error).message };
    parentPort?.postMessage({ index: job.index, error } satisfies ScanReply);
  }
});
