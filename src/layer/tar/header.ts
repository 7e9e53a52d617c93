import { BerthError } from '../../core/index.js';
import type { EntryType, TarHeader } from '../types.js';
import { encodePax, type PaxRecords } from './pax.js';

/** Size of a tar block. */
export const BLOCK = 512;

const TYPEFLAGS: Record<EntryType, string> = {
  file: '0', hardlink: '1', symlink: '2', 'char-device': '3', 'block-device': '4', directory: '5', fifo: '6',
};

const XATTR_PREFIX = 'SCHILY.xattr.';
const MAX_OCTAL_7 = 0o7777777;
const MAX_OCTAL_11 = 0o77777777777;

/** Bytes needed to pad `size` to a whole block. */
export function padding(size: number): number {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}

function isAscii(value: string): boolean {
  return /^[\x00-\x7f]*$/.test(value);
}

/** Splits a long ustar name into prefix (≤155) and name (≤100) at a '/', or returns null. */
function splitUstarName(name: string): { prefix: string; name: string } | null {
  if (name.length <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    if (i <= 155 && name.length - i - 1 <= 100 && i > 0 && i < name.length - 1) return { prefix: name.slice(0, i), name: name.slice(i + 1) };
  }
  return null;
}

function writeOctal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(value.toString(8).padStart(width - 1, '0'), offset, width - 1, 'latin1');
  block[offset + width - 1] = 0;
}

/** GNU base-256 for numbers that do not fit in octal (device numbers only; ids, sizes and times go to PAX). */
function writeBase256(block: Buffer, offset: number, width: number, value: number): void {
  let rest = BigInt(value);
  for (let i = width - 1; i > 0; i--) {
    block[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  block[offset] = 0x80;
}

function writeNumber(block: Buffer, offset: number, width: number, value: number): void {
  if (value <= 8 ** (width - 1) - 1) writeOctal(block, offset, width, value);
  else writeBase256(block, offset, width, value);
}

/** The name a header is written under: directories end with '/', the root is './'. */
function tarName(header: TarHeader): string {
  if (header.type !== 'directory') return header.path;
  return header.path === '.' ? './' : `${header.path}/`;
}

/** PAX records this header needs because ustar cannot hold the value. */
function paxRecordsFor(header: TarHeader, name: string): { records: PaxRecords; ustarName: { prefix: string; name: string } } {
  const records: PaxRecords = new Map();
  let ustarName = isAscii(name) ? splitUstarName(name) : null;
  if (ustarName === null) {
    records.set('path', Buffer.from(name));
    ustarName = { prefix: '', name: Buffer.from(name).subarray(0, 100).toString('latin1').replace(/[^\x00-\x7f]/g, '_') };
  }
  const link = header.linkTarget ?? '';
  if (link.length > 100 || !isAscii(link)) records.set('linkpath', Buffer.from(link));
  if (header.uid > MAX_OCTAL_7) records.set('uid', Buffer.from(String(header.uid)));
  if (header.gid > MAX_OCTAL_7) records.set('gid', Buffer.from(String(header.gid)));
  if (header.size > MAX_OCTAL_11) records.set('size', Buffer.from(String(header.size)));
  const mtime = Math.floor(header.mtime);
  if (mtime < 0 || mtime > MAX_OCTAL_11) records.set('mtime', Buffer.from(String(mtime)));
  for (const key of ['uname', 'gname'] as const) {
    const value = header[key] ?? '';
    if (Buffer.byteLength(value) > 31 || !isAscii(value)) records.set(key, Buffer.from(value));
  }
  for (const [key, value] of Object.entries(header.xattrs ?? {})) records.set(XATTR_PREFIX + key, value);
  return { records, ustarName };
}

function ustarBlock(header: TarHeader, typeflag: string, name: { prefix: string; name: string }, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name.name, 0, 100, 'latin1');
  writeOctal(block, 100, 8, header.mode & 0o7777);
  writeOctal(block, 108, 8, header.uid > MAX_OCTAL_7 ? 0 : header.uid);
  writeOctal(block, 116, 8, header.gid > MAX_OCTAL_7 ? 0 : header.gid);
  writeOctal(block, 124, 12, size > MAX_OCTAL_11 ? 0 : size);
  const mtime = Math.floor(header.mtime);
  writeOctal(block, 136, 12, mtime < 0 || mtime > MAX_OCTAL_11 ? 0 : mtime);
  block.write(typeflag, 156, 1, 'latin1');
  const link = header.linkTarget ?? '';
  if (link.length <= 100 && isAscii(link)) block.write(link, 157, 100, 'latin1');
  block.write('ustar\x0000', 257, 8, 'latin1');
  for (const [key, offset] of [['uname', 265], ['gname', 297]] as const) {
    const value = header[key] ?? '';
    if (Buffer.byteLength(value) <= 31 && isAscii(value)) block.write(value, offset, 32, 'latin1');
  }
  writeNumber(block, 329, 8, header.devMajor ?? 0);
  writeNumber(block, 337, 8, header.devMinor ?? 0);
  block.write(name.prefix, 345, 155, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return block;
}

/**
 * Encodes one entry's header: a PAX extended header (when needed) followed by the ustar block.
 * The body (header.size bytes for files) and its padding follow separately.
 */
export function encodeHeader(header: TarHeader): Buffer {
  if (header.uid < 0 || header.gid < 0 || !Number.isInteger(header.uid) || !Number.isInteger(header.gid)) {
    throw new BerthError('LAYER_CORRUPT', `invalid owner ${header.uid}:${header.gid} for tar entry "${header.path}"`);
  }
  const size = header.type === 'file' ? header.size : 0;
  const name = tarName(header);
  const { records, ustarName } = paxRecordsFor({ ...header, size }, name);
  const main = ustarBlock(header, TYPEFLAGS[header.type], ustarName, size);
  if (records.size === 0) return main;
  const data = encodePax(records);
  const base = (name.replace(/\/$/, '').split('/').pop() ?? '').replace(/[^\x20-\x7e]/g, '_');
  const paxName = `PaxHeaders.0/${base}`.slice(0, 100);
  const paxHeader: TarHeader = { path: paxName, type: 'file', mode: 0o644, uid: 0, gid: 0, size: data.length, mtime: 0 };
  const paxBlock = ustarBlock(paxHeader, 'x', { prefix: '', name: paxName }, data.length);
  return Buffer.concat([paxBlock, data, Buffer.alloc(padding(data.length)), main]);
}
