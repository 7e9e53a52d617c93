import { createWriteStream } from 'node:fs';
import { chmod, link, mkdir, mkdtemp, rm, symlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { BerthError } from '../../core/index.js';
import { decompress, detectCompression, looksLikeTar, peek } from './decompress.js';

/** What `berth build -` received on stdin. */
export type StdinPayload = { kind: 'tar'; dir: string } | { kind: 'dockerfile'; text: string };

/** Reads a whole (small) stream as UTF-8 text. */
export async function readText(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads stdin for `berth build -`: a tar (plain or gzip/bzip2/xz/zstd) is unpacked into a new temp dir,
 * anything else is a Dockerfile (docker's rule, decided by the first bytes).
 */
export async function readStdinPayload(input: Readable, tempRoot = tmpdir()): Promise<StdinPayload> {
  const first = await peek(input, 512);
  const compression = detectCompression(first.head);
  let stream = first.stream;
  if (compression === 'none' && !looksLikeTar(first.head)) return { kind: 'dockerfile', text: await readText(stream) };
  stream = decompress(stream, compression);
  const dir = await mkdtemp(join(tempRoot, 'berth-context-'));
  try {
    await extractTar(stream, dir);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { kind: 'tar', dir };
}

/** Normalises a tar entry name to a relative path inside the root, or throws when it escapes. */
function safeName(name: string): string {
  const normal = posix.normalize(`/${name}`).slice(1).replace(/\/$/, '');
  if (normal.split('/').includes('..')) throw new BerthError('CONTEXT_UNSAFE_PATH', `context tar entry "${name}" points outside the context`);
  return normal;
}

/** Unpacks a tar into `dir` refusing entries that leave it (`..`, writing through symlinks). */
export async function extractTar(input: Readable, dir: string): Promise<void> {
  const extract = tar.extract();
  const symlinks = new Set<string>();
  const dirTimes: Array<[string, Date]> = [];
  const throughSymlink = (rel: string): boolean => {
    for (let p = posix.dirname(rel); p !== '.' && p !== ''; p = posix.dirname(p)) if (symlinks.has(p)) return true;
    return false;
  };
  const done = (async () => {
    for await (const entry of extract) {
      const rel = safeName(entry.header.name);
      if (throughSymlink(rel)) throw new BerthError('CONTEXT_UNSAFE_PATH', `context tar entry "${entry.header.name}" is below a symlink`);
      const abs = join(dir, rel);
      const mtime = entry.header.mtime ?? new Date(0);
      if (rel !== '') await mkdir(dirname(abs), { recursive: true });
      switch (entry.header.type) {
        case 'directory':
          await mkdir(abs, { recursive: true });
          await chmod(abs, (entry.header.mode ?? 0o755) & 0o7777);
          dirTimes.push([abs, mtime]);
          entry.resume();
          break;
        case 'file':
        case 'contiguous-file':
          await rm(abs, { force: true, recursive: true });
          await pipeline(entry, createWriteStream(abs, { mode: (entry.header.mode ?? 0o644) & 0o7777 }));
          await chmod(abs, (entry.header.mode ?? 0o644) & 0o7777);
          await utimes(abs, mtime, mtime);
          break;
        case 'symlink':
          await rm(abs, { force: true, recursive: true });
          await symlink(entry.header.linkname ?? '', abs);
          symlinks.add(rel);
          entry.resume();
          break;
        case 'link':
          await rm(abs, { force: true, recursive: true });
          await link(join(dir, safeName(entry.header.linkname ?? '')), abs);
          entry.resume();
          break;
        default:
          entry.resume(); // devices and fifos have no place in a build context
      }
    }
  })();
  await Promise.all([pipeline(input, extract), done]);
  for (const [abs, mtime] of dirTimes.reverse()) await utimes(abs, mtime, mtime);
}
