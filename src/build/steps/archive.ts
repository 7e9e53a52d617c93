import { chmod, chown, open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { layer } from '../lazy.js';
import { looksLikeTar } from '../context/index.js';

/** True when a file is a tar archive, plain or compressed (gzip, bzip2, xz, zstd): ADD unpacks those. */
export async function isLocalArchive(path: string): Promise<boolean> {
  const { decompressAuto } = await layer();
  const { stream } = await decompressAuto(createReadStream(path, { end: 1 << 16 }));
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= 512) break;
    }
  } catch {
    return false; // a truncated read of a compressed file still shows its header; anything else is not an archive
  }
  return looksLikeTar(Buffer.concat(chunks));
}

/**
 * Unpacks a local archive into `dir` (never outside it), as ADD does; `.wh.` names are ordinary
 * files. The destination directory keeps its own owner and mode (the archive's `./` entry does
 * not change them, as with BuildKit).
 */
export async function unpackArchive(path: string, dir: string): Promise<void> {
  const { applyLayer } = await layer();
  const before = await stat(dir);
  const handle = await open(path, 'r');
  try {
    await applyLayer(handle.createReadStream(), dir, { whiteouts: false, format: 'plain' });
  } finally {
    await handle.close().catch(() => undefined);
  }
  await chown(dir, before.uid, before.gid);
  await chmod(dir, before.mode & 0o7777);
}
