import { rmSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BerthError, DigestHasher, isOrphanedTemp, isTempName, ownedTempName, parseDigest, type DigestAlgorithm } from '../core/index.js';
import { applyLayer } from '../layer/index.js';
import { registerExitCleanup } from './exit-cleanup.js';

/** Beside an entry whose files were never synced to disk: `<hex>.unsynced` holds the boot id of the kernel that wrote them. */
const UNSYNCED_SUFFIX = '.unsynced';

let currentBoot: Promise<string> | undefined;

/** This boot's id: a crash or reboot changes it, and with it what unsynced files can be trusted. */
function bootId(): Promise<string> {
  currentBoot ??= readFile('/proc/sys/kernel/random/boot_id', 'utf8').then((text) => text.trim());
  return currentBoot;
}

/**
 * Hashes what flows from `source` into the consumer, and lets the rest be drained afterwards: a
 * tar reader stops at the end-of-archive marker, but the diffID covers the padding after it too.
 */
function hashingTee(source: AsyncIterator<Buffer>, hasher: DigestHasher): { consumer: AsyncIterable<Buffer>; drain(): Promise<void> } {
  const next = async (): Promise<IteratorResult<Buffer>> => {
    const result = await source.next();
    if (!result.done) hasher.update(result.value);
    return result;
  };
  return {
    // No return(): the consumer stopping early must not close the source.
    consumer: { [Symbol.asyncIterator]: () => ({ next }) },
    async drain() {
      while (!(await next()).done);
    },
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Layers unpacked once each, by diffID, into `<dir>/<algorithm>/<hex>/` in overlay format
 * (deletions as 0:0 character devices, opaque directories with `trusted.overlay.opaque=y`), ready to
 * be snapshot lowers. Safe for concurrent berth processes: a layer is unpacked into a temporary
 * directory and renamed into place.
 */
export class LayerCache {
  /** Unpacks under way in this process, so that concurrent asks for one layer unpack it once. */
  private readonly pending = new Map<string, Promise<string>>();

  /** @param dir the cache directory, e.g. `<store root>/layers`. */
  constructor(readonly dir: string) {}

  /** Directory where the layer with this diffID lives (whether or not it is unpacked yet). */
  path(diffId: string): string {
    const { algorithm, hex } = parseDigest(diffId);
    return join(this.dir, algorithm, hex);
  }

  /** True when the layer is unpacked (and, if its files were never synced, by this boot). */
  async has(diffId: string): Promise<boolean> {
    if (!(await exists(this.path(diffId)))) return false;
    const marker = await readFile(this.unsyncedMarker(diffId), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (marker === undefined || marker === (await bootId())) return true;
    // Written without sync before a crash or reboot: some files may be lost. The blob re-derives it.
    await this.remove(diffId);
    return false;
  }

  /**
   * Moves `dir`, the layer `diffId` already in overlay format (an overlay upper dir after its layer
   * blob was committed), into the cache instead of unpacking the blob again. Its files need not be
   * synced: the entry is marked with this boot's id and, after a crash or reboot, discarded and
   * unpacked again from the blob. No-op when the layer is already there.
   */
  async adopt(diffId: string, dir: string): Promise<void> {
    if (await this.has(diffId)) return;
    const final = this.path(diffId);
    await mkdir(dirname(final), { recursive: true });
    await this.markUnsynced(diffId);
    await rename(dir, final).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
  }

  /**
   * Writes the marker saying that `diffId`'s files were not synced by this boot. It is on disk
   * before the entry is renamed into place, so a crash never leaves an entry without it.
   */
  private async markUnsynced(diffId: string): Promise<void> {
    const handle = await open(this.unsyncedMarker(diffId), 'w');
    try {
      await handle.writeFile(await bootId());
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private unsyncedMarker(diffId: string): string {
    return `${this.path(diffId)}${UNSYNCED_SUFFIX}`;
  }

  /**
   * The unpacked directory of a layer, unpacking it first when needed. `openUncompressed` gives the
   * layer's uncompressed tar; its sha256 must equal `diffId` (BerthError LAYER_DIGEST_MISMATCH).
   */
  async ensure(diffId: string, openUncompressed: () => Promise<NodeJS.ReadableStream>, options: { signal?: AbortSignal } = {}): Promise<string> {
    const final = this.path(diffId);
    if (await this.has(diffId)) return final;
    let pending = this.pending.get(diffId);
    if (pending === undefined) {
      pending = this.unpack(diffId, final, openUncompressed, options.signal).finally(() => this.pending.delete(diffId));
      this.pending.set(diffId, pending);
    }
    return pending;
  }

  private async unpack(diffId: string, final: string, openUncompressed: () => Promise<NodeJS.ReadableStream>, signal?: AbortSignal): Promise<string> {
    const { algorithm } = parseDigest(diffId);
    const temp = join(this.dir, algorithm, ownedTempName());
    await mkdir(temp, { recursive: true });
    const unregister = registerExitCleanup(() => rmSync(temp, { recursive: true, force: true }));
    try {
      const source = (await openUncompressed()) as AsyncIterable<Buffer>;
      const hasher = new DigestHasher(algorithm as DigestAlgorithm);
      const tee = hashingTee(source[Symbol.asyncIterator](), hasher);
      await applyLayer(tee.consumer, temp, { format: 'overlay', signal });
      await tee.drain();
      const actual = hasher.digest();
      if (actual !== diffId) {
        throw new BerthError('LAYER_DIGEST_MISMATCH', `layer ${diffId} unpacks to content with digest ${actual}`, { hint: 'the blob is corrupt: remove it from the store and pull again' });
      }
      // Unpacked files are not synced (syncing every file would cost more than unpacking again
      // after a reboot): the entry is trusted by this boot only.
      await this.markUnsynced(diffId);
      await rename(temp, final).catch(async (err: NodeJS.ErrnoException) => {
        // Another process unpacked the same layer meanwhile: theirs is as good as ours.
        if (!(await exists(final))) throw err;
      });
      return final;
    } finally {
      await rm(temp, { recursive: true, force: true });
      unregister();
    }
  }

  /** Deletes an unpacked layer (no-op when absent). The caller makes sure no snapshot uses it. */
  async remove(diffId: string): Promise<void> {
    const path = this.path(diffId);
    // Renamed first so that a crash halfway never leaves a partial layer under its real name.
    const doomed = join(this.dir, parseDigest(diffId).algorithm, ownedTempName());
    try {
      await rename(path, doomed);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await rm(this.unsyncedMarker(diffId), { force: true });
    await rm(doomed, { recursive: true, force: true });
  }

  /** Deletes the temporary directories of processes that died while unpacking or removing a layer; returns them. */
  async cleanupStale(): Promise<string[]> {
    const removed: string[] = [];
    for (const algorithm of await readdir(this.dir).catch(() => [] as string[])) {
      for (const name of await readdir(join(this.dir, algorithm))) {
        if (!isOrphanedTemp(name)) continue;
        await rm(join(this.dir, algorithm, name), { recursive: true, force: true });
        removed.push(join(this.dir, algorithm, name));
      }
    }
    return removed;
  }

  /**
   * Deletes the unpacked layers that are not in `keep`, are no lower of a snapshot in `lowersInUse`
   * (absolute paths), and were not made within `graceMs` (a build may be about to mount a layer it
   * just unpacked). Returns their diffIDs. Each is re-derivable from its blob while that exists.
   */
  async removeUnused(keep: ReadonlySet<string>, lowersInUse: ReadonlySet<string>, graceMs: number): Promise<string[]> {
    const cutoff = Date.now() - graceMs;
    const removed: string[] = [];
    for (const diffId of await this.list()) {
      const path = this.path(diffId);
      if (keep.has(diffId) || lowersInUse.has(resolve(path))) continue;
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || info.mtimeMs > cutoff) continue;
      await this.remove(diffId);
      removed.push(diffId);
    }
    return removed;
  }

  /** DiffIDs of the unpacked layers. */
  async list(): Promise<string[]> {
    const algorithms = await readdir(this.dir).catch(() => [] as string[]);
    const lists = await Promise.all(
      algorithms.map(async (algorithm) => (await readdir(join(this.dir, algorithm))).filter((name) => !isTempName(name) && !name.endsWith(UNSYNCED_SUFFIX)).map((hex) => `${algorithm}:${hex}`)),
    );
    return lists.flat().sort();
  }
}
