// The public shapes of the local image store. A contract with cli/, build/, archive/,
// distribution/ and runtime/: change additively only.

import type { Readable } from 'node:stream';
import type { Descriptor, Digest, ImageConfig, Index, Manifest, Platform } from '../core/index.js';

/** What a caller expects of a blob it writes; a mismatch fails the write and leaves nothing behind. */
export interface ExpectedBlob {
  digest?: Digest;
  size?: number;
}

/** Options of BlobStore.writeStream / writeBytes. */
export interface WriteBlobOptions {
  /** Hash algorithm when no expected digest is given (default sha256; an expected digest decides otherwise). */
  algorithm?: 'sha256' | 'sha512';
  /** Aborts the write; the temp file is removed. */
  signal?: AbortSignal;
  /**
   * Called with each chunk of the source once it is hashed and written: the store holds no view of
   * it any more, so a producer that lent it from a buffer pool may have it back (see core ChunkPool).
   */
  onWritten?: (chunk: Uint8Array) => void;
}

/** The result of writing a blob. `existed` is true when the store already had it (content verified anyway). */
export interface WrittenBlob {
  digest: Digest;
  size: number;
  existed: boolean;
}

/** Content-addressed blobs stored as an OCI image layout (`blobs/<alg>/<hex>`). */
export interface BlobStore {
  /**
   * Streams `source` into the store: hashes while writing a temp file on the same filesystem,
   * checks `expected` digest and size, fsyncs and renames. No partial blob is ever visible.
   */
  writeStream(source: Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>, expected?: ExpectedBlob, options?: WriteBlobOptions): Promise<WrittenBlob>;
  /** Writes a small in-memory blob (same guarantees as writeStream). */
  writeBytes(bytes: Uint8Array, expected?: ExpectedBlob, options?: WriteBlobOptions): Promise<WrittenBlob>;
  /** Serializes `value` as canonical JSON (see core `canonicalJson`) and stores it; returns its descriptor. */
  writeJson(value: unknown, mediaType: string): Promise<Descriptor>;
  /** True when the blob is present. */
  has(digest: Digest): Promise<boolean>;
  /** Size and modification time of a blob, or undefined when absent. */
  stat(digest: Digest): Promise<{ size: number; mtimeMs: number } | undefined>;
  /** A read stream of a present blob (BLOB_UNKNOWN when absent). `start`/`end` are inclusive byte offsets. */
  open(digest: Digest, range?: { start?: number; end?: number }): Promise<Readable>;
  /** Reads a whole small blob and verifies its digest (BLOB_TOO_LARGE above `maxBytes`, default 16 MiB). */
  readBytes(digest: Digest, maxBytes?: number): Promise<Buffer>;
  /** Reads, verifies and JSON-parses a small blob. */
  readJson<T = unknown>(digest: Digest): Promise<T>;
  /** Removes a blob; false when it was absent. Callers normally use Store.gc instead. */
  delete(digest: Digest): Promise<boolean>;
  /** Every blob digest present. */
  list(): Promise<Digest[]>;
  /** The absolute path of a blob (it may not exist). Read-only use: never write there. */
  path(digest: Digest): string;
}

/**
 * One image record. `name` is a fully normalized reference: a tag (`docker.io/library/busybox:local`)
 * or a repository digest (`repo@sha256:…`: what a pull resolved or a push wrote in that repository,
 * docker's RepoDigests; the digest may be of a platform manifest of the target index); a record
 * without `name` is a dangling image (docker's `<none>:<none>`), keyed by `target.digest`.
 */
export interface ImageRecord {
  name?: string;
  /** Descriptor of the manifest or index. */
  target: Descriptor;
  /** When the record was created in this store, RFC 3339. */
  created: string;
  /** Facts cached for fast listing (`images`), computed by the store when the record is written. */
  summary?: ImageSummary;
}

/** What `images` shows of an image without reading its manifest or config (for the default platform, see FindImageOptions). */
export interface ImageSummary {
  /** Image ID: the config digest. */
  id: Digest;
  /** `created` of the image config, when set. */
  created?: string;
  /**
   * docker's Size (see Store.imageSize), when every layer's facts were already known at record
   * time; absent otherwise (the store never decompresses layers just to tag an image).
   */
  size?: number;
}

/** The image records of a store (the layout's index.json), each change made under the store lock. */
export interface ImageRecords {
  /** All records, named first in name order, then dangling ones. */
  list(): Promise<ImageRecord[]>;
  /** The record of a normalized name, or undefined. */
  get(name: string): Promise<ImageRecord | undefined>;
  /**
   * Points `name` at `target` (creating or moving a tag). When the previous target of `name` is
   * left with no name, it is kept as a dangling record unless `keepDangling` is false.
   */
  tag(name: string, target: Descriptor, options?: { keepDangling?: boolean }): Promise<void>;
  /** tag() for several names at once (e.g. `repo:tag` and its `repo@digest`), in one locked write. */
  tagAll(names: string[], target: Descriptor, options?: { keepDangling?: boolean }): Promise<void>;
  /** Removes a name; returns the removed record. The image stays dangling only if `keepDangling` is true. */
  untag(name: string, options?: { keepDangling?: boolean }): Promise<ImageRecord | undefined>;
  /**
   * Removes the name `name` (without keeping the image dangling); when it was its repository's
   * last tag on that image, the repository's digest names for the image (RepoDigests) go with it,
   * as docker's untag does. Returns the removed names, `name` first; none when it is unknown.
   */
  untagWithDigests(name: string): Promise<string[]>;
  /** Adds a dangling record for `target` unless some record already points at it. */
  addDangling(target: Descriptor): Promise<void>;
  /** Removes every record (named or dangling) whose target is `digest`; returns them. */
  removeTarget(digest: Digest): Promise<ImageRecord[]>;
  /** Runs `change` on the records under the store lock and writes the result atomically. */
  update<T>(change: (records: ImageRecord[]) => { records: ImageRecord[]; result: T }): Promise<T>;
}

/** An image as loaded from the store: manifest → config → layers, for one platform. */
export interface ImageView {
  /** Image ID: the config digest (docker shows its first 12 hex characters). */
  id: Digest;
  /** The record's target (manifest, or index when `index` is set). */
  target: Descriptor;
  /** The index the manifest was chosen from, when the record points at one. */
  index?: Index;
  /** Descriptor of the platform manifest. */
  manifestDescriptor: Descriptor;
  manifest: Manifest;
  config: ImageConfig;
  /** Names pointing at this image (full normalized references). */
  names: string[];
  /** Records pointing at this image. */
  records: ImageRecord[];
}

/** Options for finding an image by reference or ID. */
export interface FindImageOptions {
  /**
   * Platform to resolve an index to; the index must have it. Default: the host platform, or when
   * the store holds none for it, the first platform it holds (docker's containerd store).
   */
  platform?: Platform | string;
}

/** Options of Store.gc. */
export interface GcOptions {
  /** Blobs and temp files modified within this many milliseconds are kept (default 10 minutes). */
  graceMs?: number;
  /** Compute what would be removed without removing it. */
  dryRun?: boolean;
}

/** What Store.gc removed (or would remove). */
export interface GcResult {
  removed: Digest[];
  reclaimedBytes: number;
}

/** One image as `images` lists it, from the records alone when their summaries are complete. */
export interface ImageListing {
  /** The record target shared by `records`. */
  target: Descriptor;
  records: ImageRecord[];
  /** Names of `records` (full normalized references). */
  names: string[];
  /** Image ID (config digest, default platform). */
  id: Digest;
  /** `created` of the image config. */
  created?: string;
  /** docker's Size (see Store.imageSize). */
  size: number;
}
