// Where the analyzer reads an image from. Each place images live (store, OCI layout, docker or
// OCI archive file, and later a registry) is a small adapter behind this interface, so the
// analysis streams layers the same way from all of them.

import type { Readable } from 'node:stream';
import type { Digest, ImageConfig } from '../../core/index.js';

/** One layer as a source offers it: descriptor facts and a way to stream its blob once. */
export interface SourceLayer {
  /** Digest of the blob as stored (compressed form). */
  digest: Digest;
  /** Blob size in bytes (compressed). */
  size: number;
  mediaType: string;
  /** Opens the blob (any compression; the analyzer detects it). */
  open(): Promise<Readable>;
  /**
   * Where the blob lies in a local file (inclusive byte range), when it does: such layers can be
   * scanned in worker threads. Remote sources leave it out.
   */
  location?: BlobLocation;
}

/** A byte range of a local file. */
export interface BlobLocation {
  path: string;
  start?: number;
  end?: number;
}

/**
 * An image opened for analysis. `layers` are in application order and match
 * `config.rootfs.diff_ids`. `close` releases what the source holds (temp files, handles).
 */
export interface ImageSource {
  /** What the user asked for, for reports (`busybox:local`, `docker-archive:img.tar`). */
  name: string;
  /** Image ID: the config digest. */
  id: Digest;
  config: ImageConfig;
  layers: SourceLayer[];
  close(): Promise<void>;
}

/**
 * Opens an image by reference for analysis. The registry client plugs in here: `openSource`
 * takes an optional resolver for references the local store does not hold.
 */
export type SourceResolver = (reference: string) => Promise<ImageSource | undefined>;
