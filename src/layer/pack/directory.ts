import { lstat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError } from '../../core/index.js';
import { secureJoin } from '../secure-path.js';
import { writeTar } from '../tar/writer.js';
import type { PackOptions } from '../types.js';
import { HardlinkTracker, inputFor, walkTree } from './walk.js';

/**
 * A deterministic uncompressed tar of a whole directory (for COPY layers and `export`): sorted
 * entries, hardlinks by inode, xattrs, whole-second mtimes (clamped by sourceDateEpoch), optional
 * uid/gid override. The root itself is included only with `includeRoot`.
 */
export function directoryToLayer(dir: string, options: PackOptions = {}): Readable {
  return writeTar(walkTree(dir, options));
}

/**
 * A tar of one path inside a container root, as `docker cp CONTAINER:PATH -` produces: parents
 * are resolved with secureJoin (never leaving root); the last component is followed too when
 * `followLink` (docker cp -L). Entries are named from the path's basename (or `options.prefix`).
 */
export async function pathToTar(root: string, path: string, options: PackOptions & { followLink?: boolean } = {}): Promise<Readable> {
  const resolved = options.followLink ? await secureJoin(root, path) : `${await secureJoin(root, dirname(`/${path}`))}/${basename(`/${path}`)}`;
  const stats = await lstat(resolved).catch(() => undefined);
  if (stats === undefined) throw new BerthError('PATH_NOT_FOUND', `Could not find the file ${path} in container`);
  const name = options.prefix ?? (basename(`/${path}`) || '.');
  if (stats.isDirectory()) return writeTar(walkTree(resolved, { ...options, prefix: name, includeRoot: true }));
  const input = await inputFor(resolved, name, stats, { ...options, prefix: undefined }, new HardlinkTracker());
  return writeTar(input === undefined ? [] : [input]);
}
