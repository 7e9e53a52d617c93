import { BerthError } from '../../core/index.js';
import type { TarEntry, TarHeader } from '../types.js';
import { ByteSource } from './byte-source.js';
import { cleanTarPath } from './clean-path.js';
import { decodeBlock, ENTRY_TYPES, isZeroBlock, type RawHeader } from './decode.js';
import { BLOCK, padding } from './header.js';
import { decodePax, type PaxRecords } from './pax.js';

const MAX_META_SIZE = 8 * 1024 * 1024;

/** Extended metadata collected from PAX and GNU long-name entries for the next real entry. */
interface PendingMeta {
  pax: PaxRecords;
  longName?: string;
  longLink?: string;
}

function applyPax(header: TarHeader, raw: RawHeader, records: PaxRecords): void {
  for (const [key, value] of records) {
    const text = () => value.toString('utf8');
    const number = (field: string) => {
      const parsed = Number(text());
      if (!Number.isFinite(parsed)) throw new BerthError('LAYER_CORRUPT', `invalid PAX ${field}="${text()}" for tar entry "${raw.name}"`);
      return parsed;
    };
    if (key === 'path') header.path = text();
    else if (key === 'linkpath') header.linkTarget = text();
    else if (key === 'size') header.size = number(key);
    else if (key === 'uid') header.uid = number(key);
    else if (key === 'gid') header.gid = number(key);
    else if (key === 'uname') header.uname = text();
    else if (key === 'gname') header.gname = text();
    else if (key === 'mtime') header.mtime = number(key);
    else if (key === 'SCHILY.devmajor') header.devMajor = number(key);
    else if (key === 'SCHILY.devminor') header.devMinor = number(key);
    else if (key.startsWith('SCHILY.xattr.')) (header.xattrs ??= {})[key.slice(13)] = value;
    else if (key.startsWith('LIBARCHIVE.xattr.')) (header.xattrs ??= {})[decodeURIComponent(key.slice(17))] = Buffer.from(value.toString('latin1'), 'base64');
    else if (key.startsWith('GNU.sparse.')) throw new BerthError('LAYER_CORRUPT', `tar entry "${raw.name}" is a GNU sparse file, which berth does not support`);
  }
}

function toHeader(raw: RawHeader, meta: PendingMeta, global: PaxRecords): TarHeader {
  const type = ENTRY_TYPES[raw.typeflag];
  if (type === undefined) {
    throw new BerthError('LAYER_CORRUPT', `tar entry "${meta.longName ?? raw.name}" has unsupported type '${raw.typeflag}'`);
  }
  const header: TarHeader = {
    path: meta.longName ?? raw.name,
    type: type === 'file' && raw.name.endsWith('/') ? 'directory' : type,
    mode: raw.mode & 0o7777,
    uid: raw.uid,
    gid: raw.gid,
    size: raw.size,
    mtime: raw.mtime,
  };
  if (raw.uname) header.uname = raw.uname;
  if (raw.gname) header.gname = raw.gname;
  if (meta.longLink !== undefined || raw.linkname) header.linkTarget = meta.longLink ?? raw.linkname;
  if (type === 'char-device' || type === 'block-device') {
    header.devMajor = raw.devMajor;
    header.devMinor = raw.devMinor;
  }
  applyPax(header, raw, new Map([...global, ...meta.pax]));
  header.path = cleanTarPath(header.path);
  if (header.type === 'hardlink' && header.linkTarget !== undefined) header.linkTarget = cleanTarPath(header.linkTarget);
  if (header.type !== 'file') header.size = 0;
  return header;
}

function nulTerminated(data: Buffer): string {
  const end = data.indexOf(0);
  return data.toString('utf8', 0, end < 0 ? data.length : end);
}

async function readMeta(source: ByteSource, raw: RawHeader): Promise<Buffer> {
  if (raw.size > MAX_META_SIZE) throw new BerthError('LAYER_CORRUPT', `tar metadata entry '${raw.typeflag}' at byte ${source.offset} is too large (${raw.size} bytes)`);
  const data = (await source.readExact(raw.size, `the metadata entry for "${raw.name}"`)) ?? Buffer.alloc(0);
  if (data.length < raw.size) throw new BerthError('LAYER_CORRUPT', `tar archive is truncated in the metadata entry for "${raw.name}"`);
  await source.skip(padding(raw.size), 'padding');
  return Buffer.from(data);
}

/**
 * Reads an uncompressed tar stream entry by entry. Understands ustar, PAX (path, linkpath, size,
 * uid, gid, uname, gname, mtime, SCHILY.xattr.* with binary values, global headers) and GNU
 * long names. Paths are cleaned with cleanTarPath but not validated. Each entry's body must be
 * consumed before the next entry is requested; an unconsumed body is skipped. Everything after
 * the end-of-archive marker is read and dropped (so digests of the input see every byte).
 * Throws LAYER_CORRUPT on a bad checksum or a truncated archive.
 */
export async function* readTar(input: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const source = new ByteSource(input);
  const global: PaxRecords = new Map();
  let meta: PendingMeta = { pax: new Map() };
  let finished = false;
  try {
    for (;;) {
      const at = source.offset;
      const block = await source.readExact(BLOCK, 'a header');
      if (block === null) break;
      if (isZeroBlock(block)) {
        await source.drain();
        break;
      }
      const raw = decodeBlock(block, at);
      if (raw.typeflag === 'x' || raw.typeflag === 'g') {
        const records = decodePax(await readMeta(source, raw), raw.typeflag === 'x' ? meta.pax : global);
        if (records === null) throw new BerthError('LAYER_CORRUPT', `malformed PAX header at byte ${at}`);
        continue;
      }
      if (raw.typeflag === 'L' || raw.typeflag === 'K') {
        const value = nulTerminated(await readMeta(source, raw));
        if (raw.typeflag === 'L') meta.longName = value;
        else meta.longLink = value;
        continue;
      }
      if (raw.typeflag === 'V') {
        await source.skip(raw.size + padding(raw.size), 'a volume label');
        continue;
      }
      const header = toHeader(raw, meta, global);
      meta = { pax: new Map() };
      const body = new EntryBody(source, header);
      yield { header, body };
      await body.finish();
    }
    finished = true;
  } finally {
    if (!finished) await source.close();
  }
}

/** The body of the current entry; whatever the consumer leaves unread is skipped by finish(). */
class EntryBody implements AsyncIterable<Buffer> {
  private remaining: number;
  private readonly source: ByteSource;
  private readonly header: TarHeader;

  constructor(source: ByteSource, header: TarHeader) {
    this.source = source;
    this.header = header;
    this.remaining = header.size;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for await (const chunk of this.source.readChunks(this.remaining, `the body of "${this.header.path}"`)) {
      this.remaining -= chunk.length;
      yield chunk;
    }
  }

  async finish(): Promise<void> {
    await this.source.skip(this.remaining, `the body of "${this.header.path}"`);
    this.remaining = 0;
    await this.source.skip(padding(this.header.size), `the padding of "${this.header.path}"`);
  }
}
