// Workloads for the benchmarks: a store with many images, and a rootfs tarball of a given size.
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { OCI_MANIFEST, canonicalJson, type ImageConfig, type Manifest } from '../src/core/index.js';
import { openStore } from '../src/store/index.js';
import { busyboxRootfs, runBerth } from '../test/helpers/busybox.js';

/** Imports busybox once, then adds `count` images (each its own config label) to the store at `root`. */
export async function storeWithImages(root: string, count: number): Promise<void> {
  const imported = await runBerth(['--root', root, 'import', busyboxRootfs(), 'bench/base:0']);
  if (imported.code !== 0) throw new Error(`berth import failed: ${imported.stderr}`);
  const store = await openStore({ root });
  const base = await store.findImage('bench/base:0');
  for (let i = 1; i < count; i++) {
    const config: ImageConfig = { ...base.config, config: { ...base.config.config, Labels: { n: String(i) } } };
    const configBlob = await store.blobs.writeBytes(canonicalJson(config));
    const manifest: Manifest = { ...base.manifest, config: { ...base.manifest.config, digest: configBlob.digest, size: configBlob.size } };
    const manifestBlob = await store.blobs.writeBytes(canonicalJson(manifest));
    await store.images.tag(`docker.io/bench/image${i % 20}:${i}`, { mediaType: OCI_MANIFEST, digest: manifestBlob.digest, size: manifestBlob.size });
  }
}

/**
 * Writes a rootfs tarball of about `megabytes` MB: busybox plus half incompressible random data
 * and half text (like the shared run-heavy workload), in 8 MB files, streamed to disk.
 */
export async function largeRootfs(path: string, megabytes: number, workDir: string): Promise<void> {
  execFileSync('sh', ['-c', `mkdir -p ${workDir}/root && tar -xf ${busyboxRootfs()} -C ${workDir}/root && mkdir -p ${workDir}/root/data`]);
  const files = Math.max(2, Math.round(megabytes / 8));
  const line = Buffer.from('the quick brown fox jumps over the lazy dog 0123456789\n');
  for (let i = 0; i < files; i++) {
    const out = createWriteStream(`${workDir}/root/data/f${i}`);
    for (let written = 0; written < 8 * 1024 * 1024; written += 1024 * 1024) {
      const chunk = i % 2 === 0 ? randomBytes(1024 * 1024) : Buffer.alloc(1024 * 1024, line);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  }
  execFileSync('tar', ['--numeric-owner', '-C', `${workDir}/root`, '-cf', path, '.']);
}
