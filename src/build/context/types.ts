/** One file, directory or symlink of the build context, as `lstat` sees it. */
export interface ContextEntry {
  /** Path relative to the context root, POSIX separators, no leading `./`; `''` is the root. */
  path: string;
  /** Absolute path on disk. */
  abs: string;
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits and setuid/setgid/sticky (no file type bits). */
  mode: number;
  size: number;
  mtimeMs: number;
  /** Status change time and inode (for trusting digests of unchanged files between builds). */
  ctimeMs?: number;
  ino?: number;
  /** Symlink target, for symlinks. */
  linkname?: string;
}

/**
 * The files a build may read. A directory context reads the disk lazily and applies .dockerignore;
 * a tar or stdin context is unpacked once into a temporary directory and then read the same way.
 */
export interface BuildContext {
  /** Directory holding the context on disk. */
  readonly root: string;
  /** True when .dockerignore excludes `path` (relative to the root). */
  isIgnored(path: string): boolean;
  /** The entry at `path` (not following a final symlink), or undefined when missing or ignored. */
  stat(path: string): Promise<ContextEntry | undefined>;
  /** The direct children of the directory `path` that are not ignored, sorted by name. */
  readdir(path: string): Promise<ContextEntry[]>;
  /** `sha256:…` of a regular file's content, computed at most once per build. */
  fileDigest(entry: ContextEntry): Promise<string>;
  /** Releases temporary files (a no-op for a directory context). */
  close(): Promise<void>;
}
