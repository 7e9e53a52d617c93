// Helpers of the build end-to-end tests: a store with busybox:local, running a built image through
// src/runtime directly (no `berth run` yet), and reading a built image's files.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ImageConfig } from '../../src/core/index.js';
import { openLayerBlob } from '../../src/layer/index.js';
import { runContainer } from '../../src/runtime/index.js';
import { createSnapshot, LayerCache } from '../../src/snapshot/index.js';
import { openStore } from '../../src/store/index.js';
import { busyboxRootfs, tempStore, type BerthStore } from '../helpers/busybox.js';

/** A temp store holding `busybox:local` made from the shared busybox rootfs. */
export async function storeWithBusybox(): Promise<BerthStore> {
  const store = await tempStore();
  await store.berthOk(['import', busyboxRootfs(), 'busybox:local']);
  return store;
}

/** The config of an image in a store. */
export async function imageConfig(root: string, ref: string): Promise<ImageConfig> {
  const store = await openStore({ root });
  return (await store.findImage(ref)).config;
}

/** Runs `work` with the image's root filesystem mounted (read/write, thrown away afterwards). */
export async function withRootfs<T>(root: string, ref: string, work: (rootfs: string) => Promise<T>): Promise<T> {
  const store = await openStore({ root });
  const view = await store.findImage(ref);
  const cache = new LayerCache(join(root, 'layers'));
  const lowers: string[] = [];
  for (const [i, layer] of view.manifest.layers.entries()) {
    lowers.unshift(await cache.ensure(view.config.rootfs.diff_ids[i], async () => (await openLayerBlob(await store.blobs.open(layer.digest))).tar));
  }
  const snapshotRoot = await mkdtemp(join(tmpdir(), 'berth-test-snap-'));
  const snapshot = await createSnapshot({ root: snapshotRoot, lowers });
  try {
    return await work(snapshot.rootfs);
  } finally {
    await snapshot.remove();
    await rm(snapshotRoot, { recursive: true, force: true });
  }
}

/** Runs a built image like `docker run --rm IMAGE [ARGS…]` (optionally `--entrypoint`), returning its output. */
export async function runImage(root: string, ref: string, options: { args?: string[]; entrypoint?: string[]; signal?: AbortSignal; network?: 'none' | 'host' } = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const config = (await imageConfig(root, ref)).config ?? {};
  const entrypoint = options.entrypoint ?? config.Entrypoint ?? [];
  const cmd = options.args ?? (options.entrypoint ? [] : config.Cmd ?? []);
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void): Writable => new Writable({ write(chunk: Buffer, _e, done) { append(chunk.toString()); done(); } });
  const stateDir = await mkdtemp(join(tmpdir(), 'berth-test-state-'));
  try {
    const result = await withRootfs(root, ref, (rootfs) =>
      runContainer(
        {
          id: `berth-test-${randomBytes(6).toString('hex')}`,
          rootfs,
          process: { args: [...entrypoint, ...cmd], env: config.Env ?? [], cwd: config.WorkingDir || '/', user: config.User || undefined },
          network: options.network ?? 'none',
        },
        { stateDir, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), signal: options.signal },
      ),
    );
    return { exitCode: result.exitCode, stdout, stderr };
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}
