// berth registry vs Debian's docker-registry (distribution 2.8.2), same machine, one run:
//   node dist/bench/registry.js [--size-mb 1024] [--requests 20000] [--clients 50] [--runs 3]
// 1. skopeo copy of an image of --size-mb (4 gzip layers of random data) into an empty registry
//    (push) and back out of it (pull): MB/s, median of --runs (interleaved, fresh storage each).
// 2. --clients concurrent clients GETting the manifest, --requests in all: req/s, p50, p99.
// 3. the registry process's peak RSS under that load.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
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

/**
 * Streams `bytes` random bytes through gzip (level 1) into a file; returns the digest and size
 * of the gzip. Real gzip matters: skopeo recompresses layers that are not, and the benchmark
 * would time skopeo's compressor instead of the registry.
 */
async function randomGzipBlob(path: string, bytes: number): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const gzip = createGzip({ level: 1 });
  gzip.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  const written = pipeline(gzip, createWriteStream(path));
  for (let done = 0; done < bytes; ) {
    const chunk = randomBytes(Math.min(4 * 1024 * 1024, bytes - done));
    if (!gzip.write(chunk)) await new Promise<void>((resolve) => gzip.once('drain', () => resolve()));
    done += chunk.length;
  }
  gzip.end();
  await written;
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

/** An OCI layout of about `totalBytes` in 4 gzip layers of random data (skopeo does not unpack them). */
async function makeLayout(dir: string, totalBytes: number): Promise<void> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const layers = [];
  for (let i = 0; i < 4; i++) {
    const temp = join(dir, `layer-${i}`);
    const info = await randomGzipBlob(temp, Math.floor(totalBytes / 4));
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

type Starter = (dir: string, port: number) => Promise<Server>;

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** One run of one side on a fresh, empty registry: push, pull, and (when asked) the GET load. */
async function runOnce(start: Starter, port: number, layout: string, work: string, load?: { clients: number; requests: number }) {
  const dir = await mkdtemp(join(work, 'run-'));
  const server = await start(dir, port);
  try {
    const pushSeconds = await timed(SKOPEO, ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${server.host}/bench/image:v1`]);
    const pullSeconds = await timed(SKOPEO, ['copy', '--quiet', '--src-tls-verify=false', `docker://${server.host}/bench/image:v1`, `oci:${join(dir, 'pulled')}:v1`]);
    if (!load) return { pushSeconds, pullSeconds };
    const path = '/v2/bench/image/manifests/v1';
    await manifestLoad(server.origin, path, OCI_MANIFEST, load.clients, Math.min(2000, load.requests));
    const { result, peakBytes } = await withPeakRss(server.child.pid!, () => manifestLoad(server.origin, path, OCI_MANIFEST, load.clients, load.requests));
    if (result.errors > 0) throw new Error(`${server.label}: ${result.errors} failed manifest GETs`);
    return { pushSeconds, pullSeconds, load: result, peakRssMB: peakBytes / 1024 / 1024 };
  } finally {
    await stopServer(server);
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizeMB = flag('size-mb', 1024);
  const requests = flag('requests', 20000);
  const clients = flag('clients', 50);
  const runs = flag('runs', 3);
  const work = await mkdtemp(join(tmpdir(), 'berth-bench-registry-'));
  try {
    const layout = join(work, 'layout');
    await makeLayout(layout, sizeMB * 1024 * 1024);
    const sides: [string, Starter, number][] = [['berth', startBerth, 5611], ['distribution', startDistribution, 5612]];
    const samples: Record<string, { push: number[]; pull: number[] }> = { berth: { push: [], pull: [] }, distribution: { push: [], pull: [] } };
    const results: Record<string, SideResult> = {};
    // Interleaved runs, each on an empty registry, so machine drift hits both sides alike.
    for (let run = 0; run < runs; run++) {
      for (const [label, start, port] of sides) {
        const last = run === runs - 1;
        const measured = await runOnce(start, port, layout, work, last ? { clients, requests } : undefined);
        samples[label].push.push(measured.pushSeconds);
        samples[label].pull.push(measured.pullSeconds);
        if (measured.load) {
          results[label] = { pushMBps: sizeMB / median(samples[label].push), pullMBps: sizeMB / median(samples[label].pull), load: measured.load, peakRssMB: measured.peakRssMB! };
        }
      }
    }
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
    await rm(work, { recursive: true, force: true });
  }
}

await main();
