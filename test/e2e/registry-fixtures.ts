// Shared pieces of the registry e2e tests: a `berth registry serve` child process on a free
// loopback port, OCI layouts with real gzip layers for skopeo/podman, and small API helpers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { BERTH_BIN } from '../helpers/busybox.js';

/** A registry server running as a child process. */
export interface RegistryProcess {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, for image references. */
  host: string;
  /** The storage directory. */
  storage: string;
  child: ChildProcess;
  /** Everything the server logged (JSON lines). */
  logs(): string;
  /**
   * The logs once `ready(logs)` holds, polling for up to 10 s (then the logs as they are): the server
   * logs a request after its response, and the line then crosses a pipe.
   */
  logsWhen(ready: (logs: string) => boolean): Promise<string>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
}

/**
 * Starts `berth registry serve --addr 127.0.0.1:0 --storage DIR …` and waits until it listens.
 * With `storage` empty, neither --addr nor --storage is passed (the config file decides).
 */
export async function startRegistryProcess(storage: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RegistryProcess> {
  const placement = storage ? ['--addr', '127.0.0.1:0', '--storage', storage] : [];
  const child = spawn(process.execPath, [BERTH_BIN, 'registry', 'serve', ...placement, ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /"url":"(https?:\/\/[^"]+)"/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`registry exited ${code} before listening: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url,
    host: url.replace(/^https?:\/\//, ''),
    storage,
    child,
    logs: () => output,
    logsWhen: async (ready) => {
      for (const started = Date.now(); !ready(output) && Date.now() - started < 10_000; ) await new Promise((resolve) => setTimeout(resolve, 10));
      return output;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A temp dir removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A Buffer as the Uint8Array fetch's types want. */
export function bytes(data: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
}

/** sha256 digest of bytes. */
export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A gzip tar with the given files (path → content). */
export async function gzipTar(files: Record<string, Buffer | string>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mtime: new Date(0), mode: 0o644 }, content);
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** An image made of blobs: what the tests push and compare. */
export interface TestImage {
  config: Buffer;
  layers: Buffer[];
  manifest: Buffer;
  digest: string;
}

/** An OCI image of `layerCount` layers of random files (each about `layerBytes`). */
export async function makeImage(layerCount = 2, layerBytes = 1024): Promise<TestImage> {
  const layers: Buffer[] = [];
  for (let i = 0; i < layerCount; i++) layers.push(await gzipTar({ [`file-${i}.bin`]: randomBytes(layerBytes) }));
  const diffIds = layers.map(() => sha256(randomBytes(8)));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: diffIds } }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(l), size: l.length })),
  }));
  return { config, layers, manifest, digest: sha256(manifest) };
}

/** Writes an image as an OCI layout directory with one tagged manifest (skopeo's `oci:DIR:TAG`). */
export async function writeOciLayout(dir: string, image: TestImage, tag: string): Promise<void> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  for (const blob of [image.config, ...image.layers, image.manifest]) {
    await writeFile(join(dir, 'blobs', 'sha256', sha256(blob).slice(7)), blob);
  }
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: image.digest, size: image.manifest.length, annotations: { 'org.opencontainers.image.ref.name': tag } }],
  }));
}

/** Pushes one blob monolithically (POST then PUT ?digest=). */
export async function pushBlob(url: string, name: string, blob: Buffer): Promise<Response> {
  const start = await fetch(`${url}/v2/${name}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`POST upload: ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location')!, url);
  location.searchParams.set('digest', sha256(blob));
  return fetch(location, { method: 'PUT', body: bytes(blob), headers: { 'Content-Type': 'application/octet-stream' } });
}

/** Pushes a whole image (blobs then manifest) under `reference`. */
export async function pushImage(url: string, name: string, image: TestImage, reference: string): Promise<Response> {
  for (const blob of [image.config, ...image.layers]) {
    const response = await pushBlob(url, name, blob);
    if (response.status !== 201) throw new Error(`blob push: ${response.status} ${await response.text()}`);
  }
  return fetch(`${url}/v2/${name}/manifests/${reference}`, {
    method: 'PUT', body: bytes(image.manifest), headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
  });
}

/** The `errors[0].code` of a spec error body. */
export async function errorCode(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { errors?: { code: string }[] };
  return body.errors?.[0]?.code;
}
