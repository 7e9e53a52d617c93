// `berth analyze` on a big image: 10 layers, 50,000 files, ~700 MB uncompressed (gzip by default),
// written straight into a temp store (later layers overwrite and delete some files of earlier
// ones, so whiteouts and wasted bytes are exercised). Measures wall time, CPU time and peak RSS of
// the whole CLI run against the targets (≤ 5 s, ≤ 300 MB). dive is not installed here, so there
// is no peer; the machine is shared, so CPU time is reported beside wall time.
//   node dist/bench/analyze.js [--runs 3] [--compression gzip|zstd|none] [--layers 10] [--files 50000] [--mb 700] [--keep DIR]
// --keep DIR writes the store to DIR and leaves it there (for profiling `berth --root DIR/store analyze bench:analyze`).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layerMediaType, OCI_CONFIG, OCI_MANIFEST, type Compression, type Descriptor, type Digest, type ImageConfig, type Manifest } from '../src/core/index.js';
import { compressLayer, writeTar, type TarInput } from '../src/layer/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { BERTH_BIN } from '../test/helpers/busybox.js';
import { flag, median } from './harness.js';

const runs = Number(flag('runs', '3'));
const compression = flag('compression', 'gzip') as Compression;
const layerCount = Number(flag('layers', '10'));
const fileCount = Number(flag('files', '50000'));
const totalBytes = Number(flag('mb', '700')) * 1_000_000;
const keep = flag('keep', '');
const TARGET_SECONDS = 5;
const TARGET_RSS = 300 * 1024 * 1024;

/** Half random bytes, half repetitive text: file contents are slices at varying offsets. */
const RANDOM = randomBytes(4 * 1024 * 1024);
const TEXT = Buffer.alloc(4 * 1024 * 1024, 'lorem ipsum dolor sit amet, consectetur adipiscing elit\n');

function* layerEntries(layer: number): Generator<TarInput> {
  const perLayer = fileCount / layerCount;
  const average = totalBytes / fileCount;
  const header = (path: string, type: 'file' | 'directory', size = 0): TarInput['header'] => ({ path, type, mode: type === 'file' ? 0o644 : 0o755, uid: 0, gid: 0, size, mtime: 1_700_000_000 });
  for (let d = 0; d < 50; d++) yield { header: header(`l${layer}/d${d}`, 'directory') };
  for (let i = 0; i < perLayer; i++) {
    // Sizes from 0.1× to 1.9× the average; every fifth file in layers ≥ 1 rewrites a file of layer 0.
    const size = Math.floor(average * (0.1 + 1.8 * ((i * 7919) % 1000) / 1000));
    const path = layer > 0 && i % 5 === 0 ? `l0/d${i % 50}/f${i}` : `l${layer}/d${i % 50}/f${i}`;
    const source = i % 2 === 0 ? RANDOM : TEXT;
    const offset = (i * 4099 + layer * 131) % (source.length - size);
    yield { header: header(path, 'file', size), body: source.subarray(offset, offset + size) };
  }
  if (layer === layerCount - 1) for (let d = 0; d < 5; d++) yield { header: header(`l1/.wh.d${d}`, 'file') };
}

async function writeImage(store: Store): Promise<void> {
  const layers: Descriptor[] = [];
  const diffIds: Digest[] = [];
  for (let layer = 0; layer < layerCount; layer++) {
    const { stream, digests } = compressLayer(writeTar(layerEntries(layer)), compression, { level: 1, parallel: true });
    await store.blobs.writeStream(stream);
    const d = await digests;
    layers.push({ mediaType: layerMediaType(compression), digest: d.digest, size: d.size });
    diffIds.push(d.diffId);
  }
  const history = layers.map((_, i) => ({ created_by: `RUN /bin/sh -c generate layer ${i} # buildkit` }));
  const config: ImageConfig = { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIds }, history };
  const manifest: Manifest = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: await store.blobs.writeJson(config, OCI_CONFIG), layers };
  await store.images.tag('bench:analyze', await store.blobs.writeJson(manifest, OCI_MANIFEST));
}

/** Runs the CLI once under /usr/bin/time: wall seconds, CPU seconds, peak RSS bytes. */
async function measure(root: string, work: string): Promise<{ wall: number; cpu: number; rss: number; efficiency: number }> {
  const timeFile = join(work, 'time.txt');
  const start = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, process.execPath, BERTH_BIN, '--root', root, 'analyze', '--format', 'json', 'bench:analyze'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wall = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`berth analyze exited ${code}`);
  const [, user, sys, kb] = (await readFile(timeFile, 'utf8')).trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, cpu: user + sys, rss: kb * 1024, efficiency: JSON.parse(Buffer.concat(out).toString()).dive.efficiency };
}

const work = keep || (await mkdtemp(join(tmpdir(), 'berth-bench-analyze-')));
try {
  const root = join(work, 'store');
  const made = performance.now();
  await writeImage(await openStore({ root }));
  process.stdout.write(`image: ${layerCount} layers, ${fileCount} files, ${(totalBytes / 1e6).toFixed(0)} MB (${compression}), written in ${((performance.now() - made) / 1000).toFixed(1)} s\n`);
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await measure(root, work));
  const wall = median(samples.map((s) => s.wall));
  const cpu = median(samples.map((s) => s.cpu));
  const rss = Math.max(...samples.map((s) => s.rss));
  process.stdout.write(`berth analyze: wall ${wall.toFixed(2)} s (median of ${runs}), CPU ${cpu.toFixed(2)} s, peak RSS ${(rss / 1024 / 1024).toFixed(0)} MiB, efficiency ${samples[0].efficiency.toFixed(4)}\n`);
  process.stdout.write(`targets: wall ≤ ${TARGET_SECONDS} s ${wall <= TARGET_SECONDS ? 'met' : 'MISSED'}; memory ≤ 300 MB ${rss <= TARGET_RSS ? 'met' : 'MISSED'}\n`);
  process.stdout.write(`load average while measuring: ${(await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ')} on ${(await import('node:os')).availableParallelism()} cores\n`);
} finally {
  if (!keep) await rm(work, { recursive: true, force: true });
}
