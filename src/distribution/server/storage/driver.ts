import type { Readable } from 'node:stream';

/** What a driver knows about one stored object. */
export interface ObjectInfo {
  size: number;
  modified: Date;
}

/** A byte range, both ends inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where the registry keeps its bytes. Paths are relative, `/`-separated keys; a driver maps
 * them to files, objects… Every write that others can observe is atomic: readers see the old
 * content or the new one, never a part. Names starting with `.` are the driver's own (temp
 * files) and never listed.
 */
export interface StorageDriver {
  /** Short name for logs and metrics (`filesystem`, `s3`). */
  readonly kind: string;
  /** The whole content of a small object, or undefined when it does not exist. */
  getContent(path: string): Promise<Buffer | undefined>;
  /** Replaces an object's content atomically and durably. */
  putContent(path: string, data: Buffer | string): Promise<void>;
  /** Size and modification time, or undefined when the object does not exist. */
  stat(path: string): Promise<ObjectInfo | undefined>;
  /** A stream of the object's bytes (or of `range`), or undefined when it does not exist. */
  reader(path: string, range?: ByteRange): Promise<Readable | undefined>;
  /** Appends every chunk of `source` to the object (created when missing); returns its new size. */
  append(path: string, source: AsyncIterable<Buffer>): Promise<number>;
  /** Moves an object durably and atomically, replacing `to`. */
  move(from: string, to: string): Promise<void>;
  /** Sets an object's modification time to now; false when it does not exist. */
  touch(path: string): Promise<boolean>;
  /** Deletes an object or a whole prefix; no error when missing. */
  delete(path: string): Promise<void>;
  /** The names directly under a prefix (objects and sub-prefixes), sorted; [] when missing. */
  list(path: string): Promise<string[]>;
}
