import { BerthError } from '../../core/index.js';
import type { EntryType } from '../types.js';

/** The fields of one 512-byte header block, before PAX/GNU long-name overrides. */
export interface RawHeader {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  uname: string;
  gname: string;
  devMajor: number;
  devMinor: number;
}

/** Entry types by typeflag ('7' contiguous and '\0' old-style are regular files). */
export const ENTRY_TYPES: Record<string, EntryType> = {
  '0': 'file', '\0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '3': 'char-device', '4': 'block-device', '5': 'directory', '6': 'fifo',
};

function cString(block: Buffer, offset: number, width: number): string {
  const end = block.indexOf(0, offset);
  return block.toString('utf8', offset, end < 0 || end > offset + width ? offset + width : end);
}

/** Parses an octal field (space/NUL padded) or a GNU base-256 field. */
function parseNumber(block: Buffer, offset: number, width: number): number {
  const first = block[offset]!;
  if (first & 0x80) {
    let value = 0n;
    for (let i = 0; i < width; i++) value = (value << 8n) | BigInt(block[offset + i]!);
    const bits = BigInt(8 * width);
    value = first === 0xff ? value - (1n << bits) : value & ((1n << (bits - 1n)) - 1n);
    return Number(value);
  }
  const text = block.toString('latin1', offset, offset + width).replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return Number.NaN;
  return parseInt(text, 8);
}

function checksumMatches(block: Buffer): boolean {
  const stored = parseNumber(block, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

const BLOCK_SIZE = 512;

/** True when the block is all zeros (end-of-archive marker). */
export function isZeroBlock(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/** Decodes one header block; throws LAYER_CORRUPT on a bad checksum or bad number field. */
export function decodeBlock(block: Buffer, offset: number): RawHeader {
  if (!checksumMatches(block)) {
    throw new BerthError('LAYER_CORRUPT', `invalid tar header at byte ${offset}: checksum mismatch`, {
      hint: 'the data is not a tar archive, is corrupted, or is compressed in a format berth does not recognize',
    });
  }
  const posix = block.toString('latin1', 257, 263) === 'ustar\0';
  let name = cString(block, 0, 100);
  if (posix && block[345] !== 0) name = `${cString(block, 345, 155)}/${name}`;
  const header: RawHeader = {
    name,
    mode: parseNumber(block, 100, 8),
    uid: parseNumber(block, 108, 8),
    gid: parseNumber(block, 116, 8),
    size: parseNumber(block, 124, 12),
    mtime: parseNumber(block, 136, 12),
    typeflag: String.fromCharCode(block[156]!),
    linkname: cString(block, 157, 100),
    uname: cString(block, 265, 32),
    gname: cString(block, 297, 32),
    devMajor: parseNumber(block, 329, 8) || 0,
    devMinor: parseNumber(block, 337, 8) || 0,
  };
  for (const key of ['mode', 'uid', 'gid', 'size', 'mtime'] as const) {
    if (!Number.isFinite(header[key]) || header[key] < (key === 'mtime' ? -Infinity : 0)) {
      throw new BerthError('LAYER_CORRUPT', `invalid tar header for "${name}" at byte ${offset}: bad ${key} field`);
    }
  }
  return header;
}
