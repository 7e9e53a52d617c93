// A seekable index of an uncompressed tar file: entry name → byte range, read from the headers
// alone (bodies are skipped with positioned reads), so the layers of a docker or OCI archive can
// be streamed straight from the file without extracting or loading it.

import { open, type FileHandle } from 'node:fs/promises';
import { BerthError } from '../../core/index.js';

/** Where one regular file's body lies in the tar file, or where a link points. */
export interface TarIndexEntry {
  offset: number;
  size: number;
  /** Target of a symlink or hardlink (normalized archive path), absent for files. */
  link?: string;
}

const BLOCK = 512;

/** Reads every header of the tar file at `path`; throws ARCHIVE_INVALID on a malformed header. */
export async function indexTar(path: string): Promise<Map<string, TarIndexEntry>> {
  const file = await open(path, 'r');
  try {
    return await readHeaders(file, path);
  } finally {
    await file.close();
  }
}

async function readHeaders(file: FileHandle, path: string): Promise<Map<string, TarIndexEntry>> {
  const entries = new Map<string, TarIndexEntry>();
  const block = Buffer.alloc(BLOCK);
  let position = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    const { bytesRead } = await file.read(block, 0, BLOCK, position);
    if (bytesRead < BLOCK || block.every((byte) => byte === 0)) break;
    if (!checksumMatches(block)) throw new BerthError('ARCHIVE_INVALID', `${path}: bad tar header checksum at byte ${position}`, { hint: 'the archive is damaged or not a tar file' });
    const size = octal(block.subarray(124, 136));
    const type = String.fromCharCode(block[156] || 48);
    const body = position + BLOCK;
    position = body + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x' || type === 'L' || type === 'K') {
      const meta = Buffer.alloc(size);
      await file.read(meta, 0, size, body);
      const gnu = meta.toString('utf8').replace(/\0.*$/s, '');
      if (type === 'L') longName = gnu;
      else if (type === 'K') longLink = gnu;
      else {
        const pax = paxRecords(meta);
        longName = pax.get('path') ?? longName;
        longLink = pax.get('linkpath') ?? longLink;
      }
      continue;
    }
    if (type === 'g') continue;
    const name = normalizeArchivePath(longName ?? headerName(block));
    const linkname = longLink ?? cString(block.subarray(157, 257));
    longName = undefined;
    longLink = undefined;
    if (type === '0' || type === '7') entries.set(name, { offset: body, size });
    else if (type === '2') entries.set(name, { offset: 0, size: 0, link: normalizeArchivePath(joinLink(name, linkname)) });
    else if (type === '1') entries.set(name, { offset: 0, size: 0, link: normalizeArchivePath(linkname) });
  }
  return entries;
}

function checksumMatches(block: Buffer): boolean {
  let sum = 8 * 32;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += block[i];
  return sum === octal(block.subarray(148, 156));
}

function octal(field: Buffer): number {
  if (field[0] & 0x80) return field.subarray(1).reduce((value, byte) => value * 256 + byte, 0);
  const text = cString(field).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.toString('utf8', 0, end < 0 ? field.length : end);
}

function headerName(block: Buffer): string {
  const name = cString(block.subarray(0, 100));
  const prefix = block.toString('latin1', 257, 263).startsWith('ustar') ? cString(block.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** PAX records (`LEN key=value\n`…) as a map. */
function paxRecords(records: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (let at = 0; at < records.length; ) {
    const space = records.indexOf(0x20, at);
    if (space < 0) break;
    const length = parseInt(records.toString('latin1', at, space), 10);
    if (!(length > 0)) break;
    const record = records.toString('utf8', space + 1, at + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0) out.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return out;
}

function joinLink(from: string, target: string): string {
  if (target.startsWith('/')) return target;
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  return dir ? `${dir}/${target}` : target;
}

/** An archive path without `./`, leading or trailing slashes, `.` and resolved `..` segments. */
export function normalizeArchivePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
