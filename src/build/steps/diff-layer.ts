import { createReadStream } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { layer } from '../lazy.js';
import type { PackOptions, TarInput } from '../../layer/index.js';
import type { DiffEntry } from '../../snapshot/index.js';

async function* entries(rootfs: string, changes: readonly DiffEntry[], options: PackOptions): AsyncGenerator<TarInput> {
  const sorted = [...changes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const change of sorted) {
    const path = change.path.replace(/^\/+/, '');
    if (change.kind === 'D') {
      const whiteout = posix.join(posix.dirname(path), `.wh.${posix.basename(path)}`);
      yield { header: { path: whiteout, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 0, mtime: options.sourceDateEpoch ?? 0 } };
      continue;
    }
    const abs = `${rootfs}/${path}`;
    const st = await lstat(abs);
    const mtime = Math.min(st.mtimeMs / 1000, options.sourceDateEpoch ?? Number.POSITIVE_INFINITY);
    const base = { path, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime, size: 0 };
    if (st.isDirectory()) yield { header: { ...base, type: 'directory' } };
    else if (st.isSymbolicLink()) yield { header: { ...base, type: 'symlink', linkTarget: await readlink(abs) } };
    else if (st.isFile()) yield { header: { ...base, type: 'file', size: st.size }, body: () => createReadStream(abs) as AsyncIterable<Buffer> };
  }
}

/** A layer tar from the copy-based snapshot's change list (deletions become OCI whiteouts). */
export async function changesToLayer(rootfs: string, changes: readonly DiffEntry[], options: PackOptions): Promise<Readable> {
  const { writeTar } = await layer();
  return writeTar(entries(rootfs, changes, options));
}
