// A large multi-layer image for the transfer benchmark, written straight into a berth store:
// each layer an uncompressed tar of 8 MB files (half incompressible random data, half text),
// made by tar(1) and streamed into the store, never held in memory.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { OCI_CONFIG, OCI_LAYER_TAR, OCI_MANIFEST, type Descriptor, type Digest } from '../src/core/index.js';
import { openStore } from '../src/store/index.js';

async function writeFiller(path: string, megabytes: number, random: boolean): Promise<void> {
  const line = Buffer.from('the quick brown fox jumps over the lazy dog 0123456789\n');
  const out = createWriteStream(path);
  for (let i = 0; i < megabytes; i++) {
    if (!out.write(random ? randomBytes(1024 * 1024) : Buffer.alloc(1024 * 1024, line))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Writes an image of `layers` layers totalling about `megabytes` MB into the store at `root`, tagged `name`. */
export async function writeLargeImage(root: string, name: string, megabytes: number, layers: number, workDir: string): Promise<Descriptor> {
  const store = await openStore({ root });
  const descriptors: Descriptor[] = [];
  const perLayer = Math.max(8, Math.round(megabytes / layers));
  for (let layer = 0; layer < layers; layer++) {
    const dir = join(workDir, `layer${layer}`);
    await mkdir(dir, { recursive: true });
    for (let file = 0; file * 8 < perLayer; file++) await writeFiller(join(dir, `f${file}`), 8, file % 2 === 0);
    const tarPath = join(workDir, `layer${layer}.tar`);
    execFileSync('tar', ['--numeric-owner', '-C', dir, '-cf', tarPath, '.']);
    await rm(dir, { recursive: true, force: true });
    const written = await store.blobs.writeStream(createReadStream(tarPath));
    await rm(tarPath, { force: true });
    descriptors.push({ mediaType: OCI_LAYER_TAR, digest: written.digest, size: written.size });
  }
  const diffIds: Digest[] = descriptors.map((d) => d.digest);
  const config = await store.blobs.writeJson({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: diffIds } }, OCI_CONFIG);
  const manifest = await store.blobs.writeJson({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: descriptors }, OCI_MANIFEST);
  await store.images.tag(name, manifest);
  return manifest;
}
