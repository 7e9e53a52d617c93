// `berth analyze` end to end on images built by `berth build`: one with planted waste (a 50 MB
// file added then removed, the same file copied twice, apt/pip/npm caches, /tmp leftovers, RUN
// steps in a row, COPY of the whole context) and the lessons' examples. Each planted problem must
// be named with its layer, instruction and byte count; dive's numbers must equal an independent
// port of dive's method; archives and layouts must give the same analysis as the store.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Analysis, Finding } from '../../src/analyze/index.js';
import { openStore } from '../../src/store/index.js';
import { REPO_ROOT, type BerthStore } from '../helpers/busybox.js';
import { requireRunc } from '../helpers/tools.js';
import { storeWithBusybox } from './build-helpers.js';
import { referenceDiveMetrics } from './analyze-dive-reference.js';

const EXAMPLES = join(REPO_ROOT, 'examples');
const BIG = 50 * 1024 * 1024;
const COPIED = 3_000_000;
let store: BerthStore;
let dir: string;
let planted: string;

const DOCKERFILE = `FROM busybox:local
RUN dd if=/dev/zero of=/big.bin bs=1M count=50 2>/dev/null
RUN rm /big.bin
COPY payload.bin /first/payload.bin
COPY payload.bin /second/payload.bin
RUN mkdir -p /var/lib/apt/lists /var/cache/apt/archives && head -c 400000 /dev/urandom > /var/lib/apt/lists/deb_dists_main_Packages && head -c 300000 /dev/urandom > /var/cache/apt/archives/tool.deb
RUN mkdir -p /root/.cache/pip /root/.npm/_cacache && head -c 100000 /dev/urandom > /root/.cache/pip/wheel.whl && head -c 120000 /dev/urandom > /root/.npm/_cacache/blob
RUN head -c 50000 /dev/urandom > /tmp/build.log
ENV STEP=three
RUN echo a > /a.txt
RUN echo b > /b.txt
COPY . /app
`;

before(async () => {
  if (process.getuid?.() !== 0) return;
  store = await storeWithBusybox();
  dir = await mkdtemp(join(tmpdir(), 'berth-analyze-e2e-'));
  planted = join(dir, 'planted');
  await mkdir(join(planted, '.git'), { recursive: true });
  await writeFile(join(planted, 'Dockerfile'), DOCKERFILE);
  await writeFile(join(planted, 'payload.bin'), randomBytes(COPIED));
  await writeFile(join(planted, '.git/HEAD'), 'ref: refs/heads/main\n');
  await store.berthOk(['build', '-q', '-t', 'planted', planted]);
});
after(async () => {
  await store?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function analyze(source: string, ...flags: string[]): Promise<Analysis> {
  const { stdout } = await store.berthOk(['analyze', '--format', 'json', ...flags, source]);
  return JSON.parse(stdout) as Analysis;
}

async function reference(ref: string) {
  const s = await openStore({ root: store.root });
  const view = await s.findImage(ref);
  return referenceDiveMetrics(view.manifest.layers.map((layer) => () => s.blobs.open(layer.digest)));
}

function findingOf(analysis: Analysis, kind: Finding['kind'], predicate: (f: Finding) => boolean = () => true): Finding {
  const found = analysis.findings.find((f) => f.kind === kind && predicate(f));
  assert.ok(found, `no ${kind} finding in ${JSON.stringify(analysis.findings.map((f) => [f.kind, f.layer, f.message]), null, 1)}`);
  return found;
}

test('planted waste: every problem is named with its layer, instruction and bytes, with a fix', async (t) => {
  if (!requireRunc(t)) return;
  const a = await analyze('planted');
  const layerOf = (prefix: string) => a.layers.findIndex((l) => l.instruction.startsWith(prefix));
  assert.deepEqual(a.layers.map((l) => l.command), ['', 'RUN', 'RUN', 'COPY', 'COPY', 'RUN', 'RUN', 'RUN', 'RUN', 'RUN', 'COPY']);

  const removed = findingOf(a, 'removed-later');
  assert.equal(removed.layer, layerOf('RUN dd if=/dev/zero'));
  assert.deepEqual(removed.relatedLayers, [layerOf('RUN rm /big.bin')]);
  assert.equal(removed.bytes, BIG);
  assert.equal(removed.instruction, 'RUN dd if=/dev/zero of=/big.bin bs=1M count=50 2>/dev/null');
  assert.deepEqual(removed.paths, ['/big.bin']);
  assert.match(removed.fix, /same RUN/);

  // payload.bin is copied twice, and a third time by COPY . /app.
  const duplicate = findingOf(a, 'duplicate-content');
  assert.equal(duplicate.layer, layerOf('COPY . /app'));
  assert.deepEqual(duplicate.relatedLayers, [layerOf('COPY payload.bin /first'), layerOf('COPY payload.bin /second')]);
  assert.equal(duplicate.bytes, 2 * COPIED);
  assert.deepEqual(duplicate.paths, ['/first/payload.bin', '/second/payload.bin', '/app/payload.bin']);
  assert.match(duplicate.message, /stored 3 times/);

  const apt = layerOf('RUN mkdir -p /var/lib/apt/lists');
  const cache = (what: RegExp) => findingOf(a, 'package-cache', (f) => what.test(f.message));
  assert.deepEqual([cache(/apt package lists/).layer, cache(/apt package lists/).bytes], [apt, 400000]);
  assert.deepEqual([cache(/apt package cache/).layer, cache(/apt package cache/).bytes], [apt, 300000]);
  assert.match(cache(/apt package lists/).fix, /rm -rf \/var\/lib\/apt\/lists/);
  const pip = layerOf('RUN mkdir -p /root/.cache/pip');
  assert.deepEqual([cache(/pip cache/).layer, cache(/pip cache/).bytes], [pip, 100000]);
  assert.match(cache(/pip cache/).fix, /--no-cache-dir/);
  assert.deepEqual([cache(/npm cache/).layer, cache(/npm cache/).bytes], [pip, 120000]);
  const tmp = findingOf(a, 'build-leftovers');
  assert.deepEqual([tmp.layer, tmp.bytes, tmp.paths], [layerOf('RUN head -c 50000'), 50000, ['/tmp/build.log']]);

  const merge = findingOf(a, 'merge-runs', (f) => f.layer === apt);
  assert.deepEqual(merge.relatedLayers, [apt + 1, apt + 2, apt + 3, apt + 4]);
  const mergeDd = findingOf(a, 'merge-runs', (f) => f.layer === removed.layer);
  assert.equal(mergeDd.bytes, BIG);

  const context = findingOf(a, 'copy-whole-context');
  assert.equal(context.layer, layerOf('COPY . /app'));
  assert.ok(context.paths.includes('/app/.git/HEAD') && context.paths.includes('/app/Dockerfile'), context.paths.join());

  assert.equal(a.hiddenBytes, BIG);
  assert.equal(a.dive.wastedBytes >= BIG, true);
  const withLines = await analyze('planted', '-f', join(planted, 'Dockerfile'));
  const at = (kind: Finding['kind'], layer: number) => withLines.findings.find((f) => f.kind === kind && f.layer === layer)?.location;
  assert.equal(at('removed-later', removed.layer), `${join(planted, 'Dockerfile')}:2`);
  assert.equal(at('package-cache', apt), `${join(planted, 'Dockerfile')}:6`);
  assert.equal(at('copy-whole-context', context.layer), `${join(planted, 'Dockerfile')}:12`);
  assert.equal(withLines.layers[0].dockerfileLine, undefined);
  const rmLayer = a.layers[layerOf('RUN rm /big.bin')];
  assert.deepEqual(rmLayer.changes.filter((c) => c.kind === 'removed').map((c) => [c.path, c.size, c.previousLayer]), [['/big.bin', BIG, removed.layer]]);
});

test("efficiency, wasted bytes and user-wasted ratio equal dive's method computed independently", async (t) => {
  if (!requireRunc(t)) return;
  const images: Array<[string, string[]]> = [
    ['planted', []],
    ['ex01', [join(EXAMPLES, '01-hello')]],
    ['ex03', ['--build-arg', 'FILE=/example.html', join(EXAMPLES, '03-env-arg')]],
    ['ex04', [join(EXAMPLES, '04-cache-order')]],
    ['ex05', [join(EXAMPLES, '05-cmd-entrypoint')]],
    ['ex06', [join(EXAMPLES, '06-multi-stage')]],
    ['ex07', [join(EXAMPLES, '07-non-root')]],
    ['ex09', [join(EXAMPLES, '09-dockerignore')]],
  ];
  for (const [name, args] of images) {
    if (args.length > 0) await store.berthOk(['build', '-q', '-t', name, ...args]);
    const a = await analyze(name);
    const expected = await reference(name);
    assert.equal(a.dive.efficiency, expected.efficiency, `${name} efficiency`);
    assert.equal(a.dive.wastedBytes, expected.wastedBytes, `${name} wasted bytes`);
    assert.equal(a.dive.wastedUserPercent, Number.isFinite(expected.wastedUserPercent) ? expected.wastedUserPercent : null, `${name} user wasted`);
  }
});

test('docker-archive, oci-archive and oci layout give the same analysis as the store', async (t) => {
  if (!requireRunc(t)) return;
  const fromStore = await analyze('planted');
  const dockerTar = join(dir, 'planted-docker.tar');
  await store.berthOk(['save', '-o', dockerTar, 'planted']);
  const ociTar = join(dir, 'planted-oci.tar');
  await store.berthOk(['build', '-q', '-o', `type=oci,dest=${ociTar}`, planted]);
  const layout = join(dir, 'layout');
  await mkdir(layout);
  execFileSync('tar', ['-xf', ociTar, '-C', layout]);
  const gzipped = join(dir, 'planted-docker.tar.gz');
  execFileSync('sh', ['-c', `gzip -1 -c ${dockerTar} > ${gzipped}`]);
  for (const source of [`docker-archive:${dockerTar}`, `docker-archive:${gzipped}`, `oci-archive:${ociTar}`, `oci:${layout}`]) {
    const a = await analyze(source);
    assert.equal(a.image, source);
    assert.deepEqual(a.dive, fromStore.dive, source);
    assert.deepEqual(a.layers.map((l) => [l.diffId, l.size, l.instruction, l.stats]), fromStore.layers.map((l) => [l.diffId, l.size, l.instruction, l.stats]), source);
    assert.deepEqual(a.findings.map((f) => [f.kind, f.layer, f.bytes]), fromStore.findings.map((f) => [f.kind, f.layer, f.bytes]), source);
  }
  const missing = await store.berth(['analyze', `docker-archive:${join(dir, 'absent.tar')}`]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /open .*absent\.tar: no such file or directory/);
});

test('--ci: dive thresholds from flags and from .berth-analyze.yaml next to the Dockerfile; exit 1 with reasons on stderr', async (t) => {
  if (!requireRunc(t)) return;
  const failing = await store.berth(['analyze', '--ci', '--depth', '0', 'planted']);
  assert.equal(failing.code, 1, failing.stderr);
  assert.match(failing.stderr, /FAIL: lowestEfficiency: image efficiency is too low \(efficiency=0\.\d+ < threshold=0\.9\)/);
  assert.match(failing.stderr, /FAIL: highestUserWastedPercent: too many bytes wasted, relative to the user bytes added/);
  assert.match(failing.stderr, /Result:FAIL \[Total:3\] \[Passed:0\] \[Failed:2\] \[Warn:0\] \[Skipped:1\]/);
  assert.match(failing.stdout, /Efficiency: /);

  const passing = await store.berth(['analyze', '--ci', '--lowest-efficiency', '0.1', '--highest-user-wasted-percent', 'disabled', '--highest-wasted-bytes', '60MB', '--format', 'json', 'planted']);
  assert.equal(passing.code, 0, passing.stderr);
  assert.equal(JSON.parse(passing.stdout).ci.pass, true);
  assert.match(passing.stderr, /PASS: highestWastedBytes/);

  await writeFile(join(planted, '.berth-analyze.yaml'), 'rules:\n  lowestEfficiency: 0.05\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: disabled\n');
  try {
    const fromFile = await store.berth(['analyze', '--ci', '-f', join(planted, 'Dockerfile'), '--depth', '0', 'planted']);
    assert.equal(fromFile.code, 1);
    assert.match(fromFile.stderr, /FAIL: highestWastedBytes: too many bytes wasted \(wasted-bytes=\d+ > threshold=20000000\)/);
    assert.match(fromFile.stderr, /PASS: lowestEfficiency/);
    const overridden = await store.berth(['analyze', '--ci', '-f', join(planted, 'Dockerfile'), '--highest-wasted-bytes', '1GB', '--depth', '0', 'planted']);
    assert.equal(overridden.code, 0, overridden.stderr);
  } finally {
    await rm(join(planted, '.berth-analyze.yaml'));
  }
});

test('text report: plain when not a terminal, with the layer trees', async (t) => {
  if (!requireRunc(t)) return;
  const { stdout } = await store.berthOk(['analyze', 'planted']);
  assert.doesNotMatch(stdout, /\x1b\[/);
  assert.match(stdout, /Efficiency: \d+\.\d\d %/);
  assert.match(stdout, /\[removed-later\] 52\.43MB {2}layer 2 \(RUN rm \/big\.bin\) deletes 1 file \(52\.43MB\) that layer 1 \(RUN dd/);
  assert.match(stdout, /layer 2 {2}0B {2}RUN rm \/big\.bin\n(?:.*\n)*? {4}(?:├|└)── - big\.bin 52\.43MB/);
  assert.match(stdout, /└── \+ app\//);
  const notFound = await store.berth(['analyze', 'nosuch:image']);
  assert.equal(notFound.code, 1);
  assert.match(notFound.stderr, /No such image: nosuch:image/);
});
