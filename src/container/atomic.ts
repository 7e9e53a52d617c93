import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes `data` to `path` atomically: a temp file in the same directory, fsynced (unless `sync` is
 * false), then renamed.
 */
export async function writeFileAtomic(path: string, data: string, options: { sync?: boolean } = {}): Promise<void> {
  const temp = join(dirname(path), `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(data);
    if (options.sync !== false) await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path).catch(async (err: unknown) => {
    await rm(temp, { force: true });
    throw err;
  });
}
