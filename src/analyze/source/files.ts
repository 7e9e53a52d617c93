// The files of an image archive or layout, whether it is a directory (oci:DIR) or a tar file
// (docker-archive:FILE, oci-archive:FILE). A compressed tar is first decompressed to a temp file
// (streamed) so that layers can then be read at their offsets.

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BerthError } from '../../core/index.js';
import { decompressAuto, detectCompression } from '../../layer/index.js';
import { indexTar, normalizeArchivePath, type TarIndexEntry } from './tar-index.js';
import type { BlobLocation } from './types.js';

/** Largest JSON file read into memory. */
const MAX_METADATA_BYTES = 32 * 1024 * 1024;

/** Read access to the files of an archive or layout, by '/'-separated relative path. */
export interface ArchiveFiles {
  /** True when the file exists. */
  has(path: string): boolean | Promise<boolean>;
  /** Reads and parses a small JSON file. */
  readJson<T>(path: string): Promise<T>;
  /** Streams a file. */
  open(path: string): Promise<Readable>;
  /** Where a file's bytes lie on disk (for worker threads). */
  locate(path: string): BlobLocation;
  /** Releases temp files. */
  close(): Promise<void>;
}

/** Streams a located blob. */
export function openLocation(location: BlobLocation): Readable {
  return createReadStream(location.path, { start: location.start, end: location.end, highWaterMark: 1024 * 1024 });
}

/** The files of a directory. */
export function directoryFiles(dir: string): ArchiveFiles {
  const full = (path: string) => join(dir, normalizeArchivePath(path));
  return {
    has: async (path) => stat(full(path)).then(() => true, () => false),
    readJson: async <T>(path: string) => parseJson<T>(await readFile(full(path)), `${dir}/${path}`),
    open: async (path) => createReadStream(full(path)),
    locate: (path) => ({ path: full(path) }),
    close: async () => undefined,
  };
}

/** The files inside a tar file (plain or compressed). */
export async function tarFiles(path: string): Promise<ArchiveFiles> {
  const { file, cleanup } = await uncompressedCopy(path);
  try {
    const index = await indexTar(file);
    return new TarFiles(file, index, path, cleanup);
  } catch (err) {
    await cleanup();
    throw err;
  }
}

class TarFiles implements ArchiveFiles {
  constructor(
    private readonly file: string,
    private readonly index: Map<string, TarIndexEntry>,
    private readonly label: string,
    readonly close: () => Promise<void>,
  ) {}

  has(path: string): boolean {
    return this.resolve(path) !== undefined;
  }

  async readJson<T>(path: string): Promise<T> {
    const entry = this.require(path);
    if (entry.size > MAX_METADATA_BYTES) throw new BerthError('ARCHIVE_INVALID', `${this.label}: ${path} is too large for a metadata file (${entry.size} bytes)`);
    const bytes = Buffer.alloc(entry.size);
    const handle = await open(this.file, 'r');
    try {
      await handle.read(bytes, 0, entry.size, entry.offset);
    } finally {
      await handle.close();
    }
    return parseJson<T>(bytes, `${this.label}: ${path}`);
  }

  async open(path: string): Promise<Readable> {
    return openLocation(this.locate(path));
  }

  locate(path: string): BlobLocation {
    const entry = this.require(path);
    return entry.size === 0 ? { path: '/dev/null' } : { path: this.file, start: entry.offset, end: entry.offset + entry.size - 1 };
  }

  private resolve(path: string): TarIndexEntry | undefined {
    let entry = this.index.get(normalizeArchivePath(path));
    for (let hops = 0; entry?.link !== undefined && hops < 16; hops++) entry = this.index.get(entry.link);
    return entry?.link === undefined ? entry : undefined;
  }

  private require(path: string): TarIndexEntry {
    const entry = this.resolve(path);
    if (entry === undefined) throw new BerthError('ARCHIVE_INVALID', `${this.label}: no entry ${path} in the archive`, { hint: 'is this an image archive made by docker save, berth save or an OCI tool?' });
    return entry;
  }
}

async function uncompressedCopy(path: string): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const head = Buffer.alloc(8);
  const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new BerthError('INPUT_OPEN', `open ${path}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
  });
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (detectCompression(head) === 'none') return { file: path, cleanup: async () => undefined };
  const dir = await mkdtemp(join(tmpdir(), 'berth-analyze-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const { stream } = await decompressAuto(createReadStream(path));
    await pipeline(stream, createWriteStream(join(dir, 'archive.tar')));
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { file: join(dir, 'archive.tar'), cleanup };
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (err) {
    throw new BerthError('ARCHIVE_INVALID', `${what}: invalid JSON (${(err as Error).message})`);
  }
}
