/**
 * Layers: the tar codec (every entry type, PAX long names and binary xattrs), compression
 * (none/gzip/zstd, auto-detected on read), digests computed while streaming, safe extraction with
 * OCI whiteouts, and layer creation from directories, overlay upper dirs and tree diffs.
 *
 * Error codes thrown (all BerthError):
 * - LAYER_UNSAFE_PATH: an entry would write outside the root (`..`, absolute path, symlink or hardlink escape); names the entry.
 * - LAYER_CORRUPT: the tar or its compression is malformed or truncated; names the entry or byte offset.
 * - LAYER_TOOL_MISSING: an external compressor (zstd, pigz, bzip2, xz) is not installed.
 * - LAYER_IO: a filesystem operation failed on a named entry.
 * - PATH_NOT_FOUND: pathToTar was asked for a path that does not exist in the root (docker cp's message).
 *
 * Nothing here buffers a whole layer: every function streams.
 *
 * The tar codec is berth's own rather than tar-stream's because tar-stream 3.2 decodes PAX values
 * as UTF-8 (binary xattrs such as security.capability are corrupted), ignores PAX uid/gid/mtime/
 * uname/gname when reading, clamps uids above 2097151 when writing, writes mode 0 as 0644 and
 * gives no way to emit xattr records; tar-stream remains a second, independent reader in tests.
 */
export type {
  EntryType, TarHeader, TarEntry, TarInput, Compression, DetectedCompression, CompressOptions,
  LayerDigests, ApplyOptions, ApplyResult, PackOptions, Change,
} from './types.js';

/** Tar codec: `readTar(chunks)` yields entries; `writeTar(entries)` returns the tar as a Readable. */
export { readTar } from './tar/reader.js';
export { writeTar } from './tar/writer.js';

/** Compression: magic-byte detection and streaming (de)compressors. */
export { detectCompression, compress, decompress, decompressAuto } from './compression/index.js';

/** Streaming digests: a pass-through Transform that hashes and counts what flows through it. */
export { DigestStream } from './digest-stream.js';

/** Layer blobs: compress a tar with all digests in one pass; inspect or open a blob of unknown compression. */
export { compressLayer, digestLayerBlob, openLayerBlob, listLayer } from './blob.js';

/** Safe extraction. */
export { applyLayer } from './apply/apply.js';
export { secureJoin, normalizeEntryPath } from './secure-path.js';

/** Layer creation and changes. */
export { walkTree } from './pack/walk.js';
export { packReadBuffers } from './pack/file-body.js';
export { directoryToLayer, pathToTar } from './pack/directory.js';
export { overlayUpperToLayer } from './pack/overlay-upper.js';
export { diffDirectories, directoryChanges } from './pack/diff.js';
export { overlayChanges } from './pack/overlay-changes.js';
