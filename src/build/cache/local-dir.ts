import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseDigest } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import type { CacheRecord } from './store.js';

// `--cache-to type=local,dest=DIR` / `--cache-from type=local,src=DIR`: a directory holding step
// records (`keys/<alg>-<hex>.json`) and the layer blobs they name (`blobs/<alg>/<hex>`), so a
// build cache can move between machines (CI caches) without a registry.

const recordFile = (dir: string, key: string): string => join(dir, 'keys', `${key.replace(':', '-')}.json`);
const blobFile = (dir: string, digest: string): string => {
  const { algorithm, hex } = parseDigest(digest);
  return join(dir, 'blobs', algorithm, hex);
};

/** Reads `key` from a cache directory, copying its layer blob into the store (digest verified). */
export async function importRecord(store: Store, dir: string, key: string): Promise<CacheRecord | undefined> {
  const text = await readFile(recordFile(dir, key), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const record = JSON.parse(text) as CacheRecord;
  if (record.layer) {
    const { digest, size } = record.layer.descriptor;
    if (!(await store.blobs.has(digest))) await store.blobs.writeStream(createReadStream(blobFile(dir, digest)), { digest, size });
    await store.setLayerInfo(digest, { diffId: record.layer.diffId, size: record.layer.descriptor.size });
  }
  return record;
}

/** Writes records and their layer blobs into a cache directory (blobs already there are kept). */
export async function exportRecords(store: Store, dir: string, records: Iterable<CacheRecord>): Promise<void> {
  await mkdir(join(dir, 'keys'), { recursive: true });
  for (const record of records) {
    if (record.layer) {
      const target = blobFile(dir, record.layer.descriptor.digest);
      if (!(await access(target).then(() => true, () => false))) {
        await mkdir(dirname(target), { recursive: true });
        await pipeline(await store.blobs.open(record.layer.descriptor.digest), createWriteStream(`${target}.tmp`));
        await rename(`${target}.tmp`, target);
      }
    }
    await writeFile(recordFile(dir, record.key), JSON.stringify(record));
  }
}
