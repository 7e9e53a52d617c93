// "The store is unchanged": a listing of every file under a store root with its size and
// content hash, leaving out temp/ingest files and lock files that a failed command may touch.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

const IGNORED = /(^|\/)(ingest|tmp)(\/|$)|\.lock$|\.tmp$/;

/** `path size sha256` lines of every file under `root`, sorted. */
export async function storeSnapshot(root: string): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    const rel = relative(root, path);
    if (IGNORED.test(rel)) continue;
    const bytes = await readFile(path);
    lines.push(`${rel} ${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}`);
  }
  return lines.sort();
}
