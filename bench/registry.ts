// berth registry vs Debian's docker-registry (distribution 2.8.2), same machine, one run:
//   node dist/bench/registry.js [--size-mb 1024] [--requests 20000] [--clients 50] [--runs 2]
// 1. skopeo copy of an image of --size-mb (4 incompressible layers) into each registry (push)
//    and back out of it (pull): MB/s, median of --runs.
// 2. --clients concurrent clients GETting the manifest, --requests in all: req/s, p50, p99.
// 3. the registry process's peak RSS under that load.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestLoad, withPeakRss, type LoadResult } from './registry-load.js';

const BERTH_BIN = fileURLToPath(new URL('../../bin/berth', import.meta.url));
const DOCKER_REGISTRY = '/usr/bin/docker-registry';
const SKOPEO = '/usr/bin/skopeo';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

interface Server {
  label: string;
  origin: string;
  host: string;
  child: ChildProcess;
}

async function waitForServer(origin: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}`);
    if (await fetch(`${origin}/v2/`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${origin} did not answer`);
}

async function startBerth(dir: string, port: number): Promise<Server> {
  const child = spawn(process.execPath, [BERTH_BIN, 'registry', 'serve', '--addr', `127.0.0.1:${port}`, '--storage', join(dir, 'berth'), '--log-level', 'warn'], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  await waitForServer(origin, child);
  return { label: 'berth', origin, host: `127.0.0.1:${port}`, child };
}

async function startDistribution(dir: string, port: number): Promise<Server> {
  const config = join(dir, 'distribution.yml');
  await writeFile(config, `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'distribution')}\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child = spawn(DOCKER_REGISTRY, ['serve', config], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  await waitForServer(origin, child);
  return { label: 'distribution', origin, host: `127.0.0.1:${port}`, child };
}

/** Streams `bytes` random bytes to a file and returns the digest and size. */
async function randomBlob(path: string, bytes: number): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let written = 0; written < bytes; ) {
    const chunk = randomBytes(Math.min(4 * 1024 * 1024, bytes - written));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    written += chunk.length;
  }
  await new Promise((resolve, reject) => out.end((err?: Error) => (err ? reject(err) : resolve(undefined))));
  return { digest: `sha256:${hash.digest('hex')}`, size: bytes };
}

/** An OCI layout of `totalBytes` in 4 layers; the layers are random bytes (skopeo does not unpack). */
async function makeLayout(dir: string, totalBytes: number): Promise<void> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const layers = [];
  for (let i = 0; i < 4; i++) {
    const temp = join(dir, `layer-${i}`);
    const info = await randomBlob(temp, Math.floor(totalBytes / 4));
    await rename(temp, join(blobs, info.digest.slice(7)));
    layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...info });
  }
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } }));
  const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  await writeFile(join(blobs, configDigest.slice(7)), config);
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length }, layers }));
  const manifestDigest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  await writeFile(join(blobs, manifestDigest.slice(7)), manifest);
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: OCI_MANIFEST, digest: manifestDigest, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }] }));
}

async function timed(command: string, args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface SideResult {
  pushMBps: number;
  pullMBps: number;
  load: LoadResult;
  peakRssMB: number;
}

async function measure(server: Server, layout: string, work: string, sizeMB: number, runs: number, clients: number, requests: number): Promise<SideResult> {
  const push: number[] = [];
  const pull: number[] = [];
  for (let run = 0; run < runs; run++) {
    const repo = `bench/image${run}`;
    push.push(await timed(SKOPEO, ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${server.host}/${repo}:v1`]));
    const out = join(work, `pull-${server.label}-${run}`);
    pull.push(await timed(SKOPEO, ['copy', '--quiet', '--src-tls-verify=false', `docker://${server.host}/${repo}:v1`, `oci:${out}:v1`]));
    await rm(out, { recursive: true, force: true });
  }
  const path = '/v2/bench/image0/manifests/v1';
  await manifestLoad(server.origin, path, OCI_MANIFEST, clients, Math.min(2000, requests));
  const { result, peakBytes } = await withPeakRss(server.child.pid!, () => manifestLoad(server.origin, path, OCI_MANIFEST, clients, requests));
  if (result.errors > 0) throw new Error(`${server.label}: ${result.errors} failed manifest GETs`);
  return { pushMBps: sizeMB / median(push), pullMBps: sizeMB / median(pull), load: result, peakRssMB: peakBytes / 1024 / 1024 };
}

async function main(): Promise<void> {
  const sizeMB = flag('size-mb', 1024);
  const requests = flag('requests', 20000);
  const clients = flag('clients', 50);
  const runs = flag('runs', 2);
  const work = await mkdtemp(join(tmpdir(), 'berth-bench-registry-'));
  const servers: Server[] = [];
  try {
    const layout = join(work, 'layout');
    await makeLayout(layout, sizeMB * 1024 * 1024);
    servers.push(await startBerth(work, 5611), await startDistribution(work, 5612));
    const results: Record<string, SideResult> = {};
    for (const server of servers) results[server.label] = await measure(server, layout, work, sizeMB, runs, clients, requests);
    const b = results.berth;
    const d = results.distribution;
    const rows = [
      ['', 'berth', 'distribution 2.8.2', 'berth/distribution'],
      [`skopeo push ${sizeMB} MB (MB/s)`, b.pushMBps.toFixed(1), d.pushMBps.toFixed(1), (b.pushMBps / d.pushMBps).toFixed(2)],
      [`skopeo pull ${sizeMB} MB (MB/s)`, b.pullMBps.toFixed(1), d.pullMBps.toFixed(1), (b.pullMBps / d.pullMBps).toFixed(2)],
      [`manifest GET, ${clients} clients (req/s)`, b.load.requestsPerSecond.toFixed(0), d.load.requestsPerSecond.toFixed(0), (b.load.requestsPerSecond / d.load.requestsPerSecond).toFixed(2)],
      ['manifest GET p50 (ms)', b.load.p50Ms.toFixed(2), d.load.p50Ms.toFixed(2), (b.load.p50Ms / d.load.p50Ms).toFixed(2)],
      ['manifest GET p99 (ms)', b.load.p99Ms.toFixed(2), d.load.p99Ms.toFixed(2), (b.load.p99Ms / d.load.p99Ms).toFixed(2)],
      ['peak RSS under load (MB)', b.peakRssMB.toFixed(0), d.peakRssMB.toFixed(0), (b.peakRssMB / d.peakRssMB).toFixed(2)],
    ];
    const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
    for (const row of rows) process.stdout.write(`${row.map((cell, col) => cell.padEnd(widths[col])).join('  ')}\n`);
    process.stdout.write(`${JSON.stringify({ sizeMB, requests, clients, runs, results })}\n`);
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
    await rm(work, { recursive: true, force: true });
  }
}

await main();
