/** Helpers shared by the layer tests (not part of the public surface). */
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readXattrs } from './pack/stat-header.js';
import { readTar } from './tar/reader.js';
import type { TarHeader } from './types.js';

/** True when the tests run as root (owners, devices, overlay mounts). */
export const isRoot = process.getuid?.() === 0;

/** node:test options that skip locally without root but run (and fail) in CI, as the project requires. */
export const needsRoot = { skip: !isRoot && !process.env.CI ? 'needs root' : false };

/** A fresh temp dir removed after the test. */
export async function tempDir(t: { after: (fn: () => Promise<void>) => void }, name = 'berth-layer-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), name));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Creates directories (recursively) and returns the first. */
export async function mkdirs(...dirs: string[]): Promise<string> {
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  return dirs[0]!;
}

/**
 * Describes every path of a tree (type, mode, owner, size, content digest, link target, device,
 * xattrs, mtime for non-directories, hardlink groups) so two trees can be compared with deepEqual.
 */
export async function describeTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const inodes = new Map<number, string>();
  for (const rel of (await readdir(root, { recursive: true })).sort()) {
    const path = join(root, rel);
    const stats = await lstat(path);
    const parts = [`mode=${stats.mode.toString(8)}`, `owner=${stats.uid}:${stats.gid}`];
    if (stats.isFile()) {
      parts.push(`size=${stats.size}`, `sha=${createHash('sha256').update(await readFile(path)).digest('hex').slice(0, 12)}`);
      if (stats.nlink > 1) {
        const first = inodes.get(stats.ino);
        if (first === undefined) inodes.set(stats.ino, rel);
        else parts.push(`link=${first}`);
      }
    }
    if (stats.isSymbolicLink()) parts.push(`target=${await readlink(path)}`);
    if (stats.isCharacterDevice() || stats.isBlockDevice()) parts.push(`rdev=${stats.rdev}`);
    if (!stats.isDirectory()) parts.push(`mtime=${Math.floor(stats.mtimeMs / 1000)}`);
    const xattrs = readXattrs(path);
    if (xattrs) parts.push(`xattrs=${Object.entries(xattrs).map(([k, v]) => `${k}:${v.toString('hex')}`).join(',')}`);
    out[rel] = parts.join(' ');
  }
  return out;
}

/** Reads all headers of an uncompressed tar stream. */
export async function headersOf(tar: Readable | Buffer): Promise<TarHeader[]> {
  const headers = [];
  for await (const entry of readTar(Buffer.isBuffer(tar) ? Readable.from([tar]) : tar)) headers.push(entry.header);
  return headers;
}
