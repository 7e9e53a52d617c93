// Test helpers (like go-containerregistry's `random`): small real images written into a store.

import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  computeDigest,
  layerMediaType,
  OCI_CONFIG,
  OCI_INDEX,
  OCI_MANIFEST,
  type Compression,
  type Descriptor,
  type Digest,
  type ImageConfig,
  type Index,
  type Manifest,
  type Platform,
} from '../core/index.js';
import { readdirOrEmpty } from './fsutil.js';
import { openStore, type Store } from './store.js';

/** A test layer entry: a regular file's content, or a symlink. */
export type TestEntry = string | { symlink: string };

/** Options of writeTestImage. */
export interface TestImageOptions {
  /** Each layer maps a path to file content or a symlink. Default: one layer with one random file. */
  layers?: Array<Record<string, TestEntry>>;
  compression?: Compression;
  platform?: Platform;
  /** Extra fields merged into the config. */
  config?: Partial<ImageConfig>;
  /** Tag the result under this name. */
  name?: string;
  /** Record each layer's facts as a writer that computed them would (default true). */
  recordLayerInfo?: boolean;
}

function dockerSizeOf(entries: Record<string, TestEntry>): number {
  return Object.values(entries).reduce((sum, entry) => sum + (typeof entry === 'string' ? Buffer.byteLength(entry) : Buffer.byteLength(entry.symlink)), 0);
}

/** A tar of `entries` (files mode 0644, symlinks, fixed mtime), in memory: test-sized only. */
export async function tarOf(entries: Record<string, TestEntry>): Promise<Buffer> {
  const { default: tar } = await import('tar-stream');
  const pack = tar.pack();
  for (const [name, entry] of Object.entries(entries)) {
    if (typeof entry === 'string') pack.entry({ name, mode: 0o644, mtime: new Date(0) }, entry);
    else pack.entry({ name, type: 'symlink', linkname: entry.symlink, mode: 0o777, mtime: new Date(0) });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function compressBytes(bytes: Buffer, compression: Compression): Buffer {
  if (compression === 'gzip') return gzipSync(bytes);
  if (compression === 'zstd') return spawnSync('zstd', ['-c', '-q'], { input: bytes, maxBuffer: 1 << 28 }).stdout;
  return bytes;
}

/** Writes a complete image (layers, config, manifest) and returns its manifest descriptor. */
export async function writeTestImage(store: Store, options: TestImageOptions = {}): Promise<Descriptor> {
  const compression = options.compression ?? 'gzip';
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const layers: Descriptor[] = [];
  const diffIds: Digest[] = [];
  for (const files of options.layers ?? [{ [`file-${Math.random().toString(36).slice(2)}`]: 'hello\n' }]) {
    const tarBytes = await tarOf(files);
    const blob = compressBytes(tarBytes, compression);
    const { digest, size } = await store.blobs.writeBytes(blob);
    const diffId = computeDigest(tarBytes);
    layers.push({ mediaType: layerMediaType(compression), digest, size });
    diffIds.push(diffId);
    if (options.recordLayerInfo !== false) await store.setLayerInfo(digest, { diffId, size: tarBytes.length, contentSize: dockerSizeOf(files) });
  }
  const config: ImageConfig = {
    created: '2024-01-02T03:04:05Z',
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: { Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: layers.map(() => ({ created: '2024-01-02T03:04:05Z', created_by: 'test' })),
    ...options.config,
  };
  const configDescriptor = await store.blobs.writeJson(config, OCI_CONFIG);
  const manifest: Manifest = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDescriptor, layers };
  const descriptor = await store.blobs.writeJson(manifest, OCI_MANIFEST);
  if (options.name !== undefined) await store.images.tag(options.name, descriptor);
  return descriptor;
}

/** Writes an index over already written manifests, each with its platform, and returns its descriptor. */
export async function writeTestIndex(store: Store, entries: Array<{ manifest: Descriptor; platform: Platform }>, name?: string): Promise<Descriptor> {
  const index: Index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries.map((e) => ({ ...e.manifest, platform: e.platform })) };
  const descriptor = await store.blobs.writeJson(index, OCI_INDEX);
  if (name !== undefined) await store.images.tag(name, descriptor);
  return descriptor;
}

/** Runs `run` with a fresh store in a temp dir, removed afterwards. */
export async function withTempStore(run: (store: Store) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'berth-store-'));
  try {
    await run(await openStore({ root }));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The temp files of in-progress (or crashed) writes in a store's ingest dir. */
export async function ingestTempFiles(root: string): Promise<string[]> {
  return (await readdirOrEmpty(join(root, 'ingest'))).filter((name) => name.startsWith('.tmp-'));
}
