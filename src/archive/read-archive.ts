// Streams an image archive (any compression) entry by entry into the store: blobs are written
// as they pass, verified against the digest in their name; small metadata files are kept in
// memory; nothing is interpreted yet (manifest.json and index.json usually come last).

import { pipeline, type Readable } from 'node:stream';
import tar from 'tar-stream';
import { BerthError, type Digest } from '../core/index.js';
import { decompressAuto } from '../layer/index.js';
import type { Store } from '../store/index.js';
import { classifyEntry, normalizeEntryName } from './layout.js';
import { tarScan } from './tar-scan.js';

/** One entry as tar-stream yields it. */
type ArchiveEntry = tar.ExtractEvents['entry'][1];

/** Largest metadata file (JSON) read into memory. */
const MAX_METADATA_BYTES = 32 * 1024 * 1024;

/** What a streamed archive held. */
export interface ArchiveContents {
  /** Small files (JSON metadata) by normalized path. */
  files: Map<string, Buffer>;
  /** Files stored as blobs, by normalized path → digest (OCI blobs and legacy layer.tar). */
  blobs: Map<string, Digest>;
  /** Symlinks and hardlinks: normalized path → normalized path they resolve to. */
  links: Map<string, string>;
  /** Blobs this read added to the store (absent before), to remove when the load fails. */
  added: Digest[];
  /** docker's size of blobs that are uncompressed tars, measured while they streamed past. */
  contentSizes: Map<Digest, number>;
}

/** Reads `input` to the end, storing blobs in `store`. On failure, removes the blobs it added and throws ARCHIVE_INVALID naming the entry. */
export async function readArchive(input: Readable, store: Store): Promise<ArchiveContents> {
  const contents: ArchiveContents = { files: new Map(), blobs: new Map(), links: new Map(), added: [], contentSizes: new Map() };
  let current: string | undefined;
  let inside = false;
  try {
    const { stream } = await decompressAuto(input);
    const extract = tar.extract();
    stream.on('error', (err) => extract.destroy(err));
    stream.pipe(extract);
    for await (const entry of extract) {
      current = normalizeEntryName(entry.header.name);
      inside = true;
      await readEntry(entry, current, contents, store);
      inside = false;
    }
  } catch (err) {
    await removeAdded(store, contents.added);
    throw archiveError(err, current, inside);
  }
  return contents;
}

async function readEntry(entry: ArchiveEntry, path: string, contents: ArchiveContents, store: Store): Promise<void> {
  const { type, linkname } = entry.header;
  if (type === 'directory' || path === '') {
    entry.resume();
    return;
  }
  if (type === 'symlink' || type === 'link') {
    contents.links.set(path, resolveLink(path, linkname ?? '', type === 'symlink'));
    entry.resume();
    return;
  }
  if (type !== 'file' && type !== 'contiguous-file') throw new BerthError('ARCHIVE_INVALID', `unexpected ${type} entry`);
  const kind = classifyEntry(path);
  if (kind.kind === 'unknown') throw new BerthError('ARCHIVE_INVALID', 'unknown entry: not part of a docker or OCI image archive');
  if (kind.kind === 'metadata' || kind.kind === 'legacy-json') {
    contents.files.set(path, await readSmall(entry));
    return;
  }
  const scan = tarScan(path, { lenient: true });
  const source = pipeline(entry as unknown as Readable, scan, () => {});
  const written = await store.blobs.writeStream(source, kind.kind === 'blob' ? { digest: kind.digest } : {});
  if (!written.existed) contents.added.push(written.digest);
  if (scan.scanner.finish() === undefined) contents.contentSizes.set(written.digest, scan.scanner.contentSize);
  contents.blobs.set(path, written.digest);
}

/** A link target relative to the archive root; symlinks are relative to the link's directory. */
function resolveLink(path: string, target: string, symbolic: boolean): string {
  if (!symbolic || target.startsWith('/')) return normalizeEntryName(target);
  const parts = path.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

async function readSmall(entry: ArchiveEntry): Promise<Buffer> {
  if ((entry.header.size ?? 0) > MAX_METADATA_BYTES) throw new BerthError('ARCHIVE_INVALID', `metadata file larger than ${MAX_METADATA_BYTES} bytes`);
  const chunks: Buffer[] = [];
  for await (const chunk of entry) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Removes blobs a failed load added, so the store is left as it was. */
export async function removeAdded(store: Store, added: Digest[]): Promise<void> {
  for (const digest of added) await store.blobs.delete(digest).catch(() => false);
}

function archiveError(err: unknown, entry: string | undefined, inside: boolean): BerthError {
  const reason = err instanceof Error ? err.message : String(err);
  if (entry === undefined) {
    return new BerthError('ARCHIVE_INVALID', `invalid archive: not a tar archive (plain, gzip or zstd): ${reason}`, { cause: err });
  }
  return new BerthError('ARCHIVE_INVALID', `invalid archive: ${inside ? 'entry' : 'after entry'} ${entry}: ${reason}`, { cause: err });
}
