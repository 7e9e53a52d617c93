/** How a snapshot holds its writable layer: an overlayfs mount, or a plain copy of the lowers. */
export type SnapshotKind = 'overlay' | 'copy';

/** Options of {@link createSnapshot}. */
export interface SnapshotOptions {
  /** Directory holding all snapshots (e.g. `<store root>/snapshots`); the snapshot gets its own subdirectory. */
  root: string;
  /**
   * Read-only lower directories in overlay format (usually {@link LayerCache} directories),
   * top (newest layer) first. Empty means an empty root filesystem (`FROM scratch`).
   */
  lowers: readonly string[];
  /** Snapshot id (a directory name); default: a random 32-hex-digit id. */
  id?: string;
  /** 'auto' (default): overlay when the kernel allows it, else copy with a one-line notice. */
  mode?: 'auto' | SnapshotKind;
  /**
   * Keep the snapshot when this process exits (containers). Default false (RUN steps): the snapshot
   * is unmounted and deleted at exit, on SIGINT/SIGTERM, and by {@link cleanupStale} after a crash.
   */
  persistent?: boolean;
  /**
   * Mount the overlay with overlayfs's `volatile` option where the kernel has it: its upper dir is
   * never synced, not even at unmount, so use it only for snapshots whose upper is discarded or
   * re-derivable after a crash (build steps). Such a snapshot cannot be mounted again once
   * unmounted: overlayfs refuses a work dir a volatile mount has used. Default false.
   */
  volatile?: boolean;
  /** Receives one-line notices (the copy fallback). Default: written to stderr. */
  onNotice?: (message: string) => void;
  /** Aborts the copy fallback's copying; the half-made snapshot is removed. */
  signal?: AbortSignal;
}

/** One change of a copy-based snapshot, like a line of `docker diff`. */
export interface DiffEntry {
  /** Absolute path inside the root filesystem, e.g. `/etc/passwd`. */
  path: string;
  /** 'A' added, 'C' changed (content, metadata, or a directory's entries), 'D' deleted. */
  kind: 'A' | 'C' | 'D';
}

/**
 * What a snapshot changed since it was created.
 * - `upper`: an overlay upper directory in overlay format (deletions are 0:0 character devices,
 *   opaque directories carry `trusted.overlay.opaque=y`); turn it into a layer as it is.
 * - `diff`: the copy fallback's changes; contents of 'A'/'C' entries are read from `rootfs`.
 */
export type SnapshotChanges =
  | { kind: 'upper'; upperDir: string }
  | { kind: 'diff'; rootfs: string; entries: DiffEntry[] };

/** A writable root filesystem over read-only layers. Made by {@link createSnapshot} or {@link openSnapshot}. */
export interface Snapshot {
  readonly id: string;
  readonly kind: SnapshotKind;
  /** The snapshot's own directory (holds `rootfs/`, and `upper/`, `work/` for overlay). */
  readonly dir: string;
  /** The root filesystem to hand to the runtime (the overlay mount point, or the copy). */
  readonly rootfs: string;
  /** The lower directories, top first, as given at creation. */
  readonly lowers: readonly string[];
  /** Mounts the overlay again after {@link Snapshot.unmount} (container restart). No-op for copies and when mounted. */
  mount(): Promise<void>;
  /** Unmounts the overlay (lazily as a last resort). Idempotent; no-op for copies. */
  unmount(): Promise<void>;
  /** The changes so far. Call it once the processes writing to `rootfs` have exited. */
  changes(): Promise<SnapshotChanges>;
  /** Unmounts and deletes everything of the snapshot. Idempotent. */
  remove(): Promise<void>;
}

/** What {@link cleanupStale} removed. */
export interface StaleCleanupReport {
  /** Mount points unmounted. */
  unmounted: string[];
  /** Snapshot directories deleted. */
  removed: string[];
}
