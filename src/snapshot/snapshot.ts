import { randomBytes } from 'node:crypto';
import { mkdir, realpath, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BerthError, currentProcess } from '../core/index.js';
import { copyLowers } from './copy-lowers.js';
import { diffAgainstCopyIndex, writeCopyIndex } from './copy-index.js';
import { registerExitCleanup } from './exit-cleanup.js';
import { readMeta, writeMeta, type SnapshotMeta } from './meta.js';
import { mountOverlay, mountPointsUnder, overlaySupported, unmount } from './mount.js';
import { removeDir, removeDirSync } from './remove-dir.js';
import type { Snapshot, SnapshotChanges, SnapshotKind, SnapshotOptions } from './types.js';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
let fallbackNoticeShown = false;

class SnapshotHandle implements Snapshot {
  readonly rootfs: string;

  constructor(
    readonly dir: string,
    private meta: SnapshotMeta,
    private unregister: () => void = () => undefined,
  ) {
    this.rootfs = join(dir, 'rootfs');
  }

  get id(): string {
    return this.meta.id;
  }

  get kind(): SnapshotKind {
    return this.meta.kind;
  }

  get lowers(): readonly string[] {
    return this.meta.lowers;
  }

  async mount(): Promise<void> {
    if (this.kind !== 'overlay' || (await mountPointsUnder(this.rootfs)).includes(this.rootfs)) return;
    let lowers = this.meta.lowers;
    if (lowers.length === 0) {
      // overlayfs needs a lower directory even for an empty root filesystem.
      lowers = [join(this.dir, 'empty')];
      await mkdir(lowers[0], { recursive: true });
    }
    await mountOverlay({ lowers, upper: join(this.dir, 'upper'), work: join(this.dir, 'work'), target: this.rootfs, volatile: this.meta.volatile });
  }

  async unmount(): Promise<void> {
    await unmount(this.rootfs);
  }

  async changes(): Promise<SnapshotChanges> {
    if (this.kind === 'overlay') return { kind: 'upper', upperDir: join(this.dir, 'upper') };
    return { kind: 'diff', rootfs: this.rootfs, entries: await diffAgainstCopyIndex(this.dir, this.rootfs) };
  }

  async remove(): Promise<void> {
    await removeDir(this.dir);
    this.unregister();
  }

  /** Turns a fresh snapshot directory into an overlay mount; false when the kernel refuses. */
  async tryOverlay(required: boolean, onNotice: (message: string) => void): Promise<boolean> {
    await Promise.all(['upper', 'work', 'rootfs'].map((name) => mkdir(join(this.dir, name))));
    try {
      await this.mount();
      return true;
    } catch (err) {
      if (required) throw err;
      await Promise.all(['upper', 'work', 'l', 'empty'].map((name) => rm(join(this.dir, name), { recursive: true, force: true })));
      noticeFallback(err, onNotice);
      return false;
    }
  }

  async fillCopy(signal?: AbortSignal): Promise<void> {
    this.meta = { ...this.meta, kind: 'copy' };
    await writeMeta(this.dir, this.meta);
    await mkdir(this.rootfs, { recursive: true });
    await copyLowers(this.meta.lowers, this.rootfs, signal);
    await writeCopyIndex(this.dir, this.rootfs);
  }
}

/** Tells once per process that snapshots fall back to copies, and why. */
function noticeFallback(err: unknown, onNotice: (message: string) => void): void {
  if (fallbackNoticeShown) return;
  fallbackNoticeShown = true;
  const reason = err instanceof Error ? err.message : String(err);
  onNotice(`notice: overlayfs unavailable (${reason}); snapshots are full copies, which is slower`);
}

function writeNotice(message: string): void {
  process.stderr.write(`${message}\n`);
}

/**
 * Creates a snapshot: `<root>/<id>/` with an overlay of `lowers` mounted at `rootfs/` (plus `upper/`
 * and `work/`), or, when overlayfs is unavailable (or `mode: 'copy'`), a copy of the lowers with
 * whiteouts applied and a one-line notice. Registered for removal at process exit unless `persistent`.
 */
export async function createSnapshot(options: SnapshotOptions): Promise<Snapshot> {
  const id = options.id ?? randomBytes(16).toString('hex');
  if (!ID_PATTERN.test(id)) throw new BerthError('SNAPSHOT_ID', `invalid snapshot id ${JSON.stringify(id)}: use letters, digits, '_', '.', '-'`);
  const mode = options.mode ?? 'auto';
  const persistent = options.persistent ?? false;
  await mkdir(options.root, { recursive: true });
  // Canonical, so that paths compare equal to the mount points /proc/self/mountinfo lists.
  const dir = join(await realpath(options.root), id);
  await mkdir(dir).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EEXIST' ? new BerthError('SNAPSHOT_EXISTS', `snapshot ${id} already exists in ${options.root}`) : err;
  });
  const unregister = persistent ? () => undefined : registerExitCleanup(() => removeDirSync(dir));
  const wantOverlay = mode === 'overlay' || (mode === 'auto' && (await overlaySupported()));
  const meta: SnapshotMeta = {
    id,
    kind: wantOverlay ? 'overlay' : 'copy',
    lowers: options.lowers.map((lower) => resolve(lower)),
    persistent,
    volatile: options.volatile,
    owner: currentProcess(),
    created: new Date().toISOString(),
  };
  const snapshot = new SnapshotHandle(dir, meta, unregister);
  try {
    await writeMeta(dir, meta);
    const overlaid = wantOverlay && (await snapshot.tryOverlay(mode === 'overlay', options.onNotice ?? writeNotice));
    if (!overlaid) await snapshot.fillCopy(options.signal);
    return snapshot;
  } catch (err) {
    await snapshot.remove().catch(() => undefined);
    throw err;
  }
}

/**
 * Opens an existing persistent snapshot `<root>/<id>` (made by an earlier process), without
 * mounting it; call {@link Snapshot.mount} before use. Throws BerthError SNAPSHOT_NOT_FOUND.
 */
export async function openSnapshot(root: string, id: string): Promise<Snapshot> {
  const dir = join(await realpath(root).catch(() => resolve(root)), id);
  const meta = ID_PATTERN.test(id) ? await readMeta(dir) : undefined;
  if (meta === undefined) throw new BerthError('SNAPSHOT_NOT_FOUND', `no snapshot ${id} in ${root}`);
  return new SnapshotHandle(dir, meta);
}
