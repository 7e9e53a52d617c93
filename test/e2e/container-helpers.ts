// Shared set-up of the container tests: a temp store with busybox imported, and a check that a
// store left nothing behind on the host (mounts, runc state, bundles, network namespaces).
import { readFile, readdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { busyboxRootfs, tempStore, type BerthStore } from '../helpers/busybox.js';

/** A temp store with `busybox:local` imported (with the given `--change` instructions). */
export async function busyboxStore(changes: string[] = []): Promise<BerthStore> {
  const store = await tempStore();
  await store.berthOk(['import', ...changes.flatMap((change) => ['-c', change]), busyboxRootfs(), 'busybox:local']);
  return store;
}

/** Removes every container of the store (force), then the store. */
export async function cleanupStore(store: BerthStore): Promise<void> {
  const ids = (await store.berth(['ps', '-aq', '--no-trunc'])).stdout.split('\n').filter((id) => id !== '');
  if (ids.length > 0) await store.berth(['rm', '-f', '-v', ...ids]);
  await store.cleanup();
}

/** What a store root still holds on the host: mounts under it, runc containers, bundles. */
export async function leftovers(root: string): Promise<{ mounts: string[]; runc: string[]; bundles: string[] }> {
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((line) => line.split(' ')[4] ?? '').filter((point) => point.startsWith(root));
  const runcList = spawnSync('runc', ['--root', join(root, 'runtime', 'runc'), 'list', '-q'], { encoding: 'utf8' }).stdout.trim();
  const bundles = await readdir(join(root, 'runtime', 'bundles')).catch(() => [] as string[]);
  return { mounts, runc: runcList === '' ? [] : runcList.split('\n'), bundles };
}

/** Network namespaces and host veths of a container ID (should be none after it stopped). */
export function networkLeftovers(id: string): string[] {
  const netns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
  const links = spawnSync('ip', ['-br', 'link'], { encoding: 'utf8' }).stdout;
  return [...netns.split('\n'), ...links.split('\n')].filter((line) => line.includes(`berth-${id.slice(0, 12)}`) || line.startsWith(`vb${id.slice(0, 11)}`));
}

/** Polls `check` every 100 ms until it returns a value other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
