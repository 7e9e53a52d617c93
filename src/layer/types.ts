import type { Digest } from '../core/index.js';

/** The kinds of tar entries a layer can hold. */
export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char-device' | 'block-device' | 'fifo';

/**
 * One tar entry's metadata, independent of the on-disk tar encoding (ustar, PAX or GNU).
 * Paths are '/'-separated without `.` components, `./` prefixes or trailing '/' (the root is
 * `.`). What readTar returns is cleaned but not judged: a leading '/' or `..` components are
 * kept so that applyLayer can refuse them (normalizeEntryPath).
 */
export interface TarHeader {
  path: string;
  type: EntryType;
  /** Permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000). */
  mode: number;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
  /** Body size in bytes; 0 for everything but 'file'. */
  size: number;
  /** Modification time in seconds since the epoch (fractional when the tar carries PAX nanoseconds). */
  mtime: number;
  /** Symlink target (verbatim) or, for a hardlink, the path of the entry it links to (normalized like `path`). */
  linkTarget?: string;
  devMajor?: number;
  devMinor?: number;
  /** Extended attributes (PAX `SCHILY.xattr.NAME`), values as raw bytes (security.capability is binary). */
  xattrs?: Record<string, Buffer>;
}

/** A tar entry as read: its header and its body, which must be consumed before asking for the next entry (or it is skipped). */
export interface TarEntry {
  header: TarHeader;
  body: AsyncIterable<Buffer>;
}

/** What a tar writer takes: a header and, for files, the body (exactly `header.size` bytes). */
export interface TarInput {
  header: TarHeader;
  body?: Buffer | AsyncIterable<Buffer> | (() => AsyncIterable<Buffer>);
}

/** Layer compressions berth writes. */
export type Compression = 'none' | 'gzip' | 'zstd';

/** Compressions berth recognizes when reading (ADD also auto-extracts bzip2 and xz). */
export type DetectedCompression = Compression | 'bzip2' | 'xz';

/** Options for compressing a stream. */
export interface CompressOptions {
  /** gzip 1–9 (default 6 like docker's gzip.DefaultCompression); zstd 1–19 (default 3). */
  level?: number;
  /** gzip: use pigz (or parallel members) with this many threads; `true` means all cores. Default false. zstd always uses `-T0`. */
  parallel?: boolean | number;
}

/** Digests of one layer, all computed in the same streaming pass. */
export interface LayerDigests {
  /** Digest of the blob as stored/transferred (compressed form). */
  digest: Digest;
  /** Size in bytes of the compressed blob. */
  size: number;
  /** Digest of the uncompressed tar (the OCI diffID). */
  diffId: Digest;
  /** Size in bytes of the uncompressed tar. */
  uncompressedSize: number;
  compression: DetectedCompression;
}

/** Options of applyLayer. */
export interface ApplyOptions {
  /**
   * 'plain' (default): whiteouts delete what they name in rootDir.
   * 'overlay': rootDir is an overlay lower dir of its own; whiteouts become 0:0 character devices
   * and opaque markers set the xattr trusted.overlay.opaque=y.
   */
  format?: 'plain' | 'overlay';
  /** Interpret `.wh.` entries as OCI whiteouts (default true; ADD of a local archive uses false). */
  whiteouts?: boolean;
  /**
   * Treat absolute entry names (and hardlink targets) as relative to rootDir, like docker's Untar
   * for ADD, instead of refusing them (default false: layers with absolute names are refused).
   * `..` that would climb out is refused either way.
   */
  stripAbsolutePaths?: boolean;
  /**
   * Follow symlinks in parent paths as inside a chroot at rootDir: an absolute target starts at
   * rootDir and `..` stops there (docker's chrootarchive, right for `cp` into a container and ADD).
   * Default false: a parent symlink whose target leads outside rootDir (absolute, or climbing
   * above it) makes the entry refused with LAYER_UNSAFE_PATH. Nothing is written outside either way.
   */
  chrootSymlinks?: boolean;
  /** chown entries to their uid/gid (default: when running as root). */
  owners?: boolean;
  /** Create device nodes (default: when running as root); otherwise they are skipped. */
  devices?: boolean;
  /** Set xattrs (default true; trusted.* and security.* need root and are skipped otherwise). */
  xattrs?: boolean;
  /** Added to every uid/gid on the way in (user-namespace remapping). Default 0. */
  idOffset?: number;
  signal?: AbortSignal;
}

/** What applyLayer did. */
export interface ApplyResult {
  entries: number;
  /** Bytes of file content written. */
  bytes: number;
}

/** Options for producing a layer or archive tar from a directory tree. */
export interface PackOptions {
  /** Clamp every mtime to at most this (seconds since the epoch), like BuildKit's SOURCE_DATE_EPOCH rewrite. */
  sourceDateEpoch?: number;
  /** Force every entry's uid (and uname to ''). */
  uid?: number;
  /** Force every entry's gid (and gname to ''). */
  gid?: number;
  /** Prefix put before every path in the tar (e.g. `app/src`); parents are not emitted. */
  prefix?: string;
  /** Include xattrs (default true). trusted.overlay.* are never included. */
  xattrs?: boolean;
  /** Emit an entry for the root directory itself (as `prefix` or `.`). Default false for layers. */
  includeRoot?: boolean;
  /** Paths (relative, '/'-separated) to leave out together with everything beneath them. */
  exclude?: (path: string) => boolean;
  signal?: AbortSignal;
}

/** A filesystem change as `docker diff` reports it. */
export interface Change {
  kind: 'A' | 'C' | 'D';
  /** Absolute path inside the container, e.g. `/etc/passwd`. */
  path: string;
}
