// push and pull of one large image: berth against skopeo 1.9, both talking to Debian's
// docker-registry 2.8.2 on 127.0.0.1, plus peak memory of each process. The registry is emptied
// before every push (nothing to skip or mount); every pull goes into an empty store/layout.
//   node dist/bench/transfer.js [--size-mb 300] [--layers 4] [--runs 3]     (--size-mb 1024 for the 1 GB figure)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BERTH_BIN } from '../test/helpers/busybox.js';
import { startDockerRegistry } from '../test/e2e/client-fixtures.js';
import { flag, runCases, type BenchCase } from './harness.js';
import { writeLargeImage } from './transfer-image.js';

const SKOPEO = '/usr/bin/skopeo';
const sizeMb = Number(flag('size-mb', '300'));
const layers = Number(flag('layers', '4'));
const runs = Number(flag('runs', '3'));
const dir = await mkdtemp(join(tmpdir(), 'berth-bench-transfer-'));
const registry = await startDockerRegistry();
try {
  const sourceRoot = join(dir, 'source');
  const pullRoot = join(dir, 'pulled');
  const skopeoLayout = join(dir, 'skopeo-layout');
  const env = { ...process.env, DOCKER_CONFIG: join(dir, 'docker-config'), BERTH_CONFIG: join(dir, 'berth.json') };
  const pushed = `${registry.host}/bench/big:big1`;
  await writeLargeImage(sourceRoot, pushed, sizeMb, layers, join(dir, 'work'));
  const berth = (root: string, ...args: string[]) => ({ command: process.execPath, args: [BERTH_BIN, '--root', root, ...args], env });
  const skopeo = (...args: string[]) => ({ command: SKOPEO, args: ['copy', '-q', ...args], env });
  const emptyRegistry = () => registry.reset();
  const cases: BenchCase[] = [
    {
      name: `push ${sizeMb} MB, ${layers} layers`,
      berth: { label: 'berth push', command: berth(sourceRoot, 'push', '-q', pushed), prepare: emptyRegistry },
      peer: { label: 'skopeo copy oci→docker', command: skopeo('--dest-tls-verify=false', `oci:${sourceRoot}:big1`, `docker://${registry.host}/bench/skopeo:big1`), prepare: emptyRegistry },
    },
    {
      name: `pull ${sizeMb} MB, ${layers} layers`,
      berth: { label: 'berth pull', command: berth(pullRoot, 'pull', '-q', pushed), prepare: () => rm(pullRoot, { recursive: true, force: true }) },
      peer: { label: 'skopeo copy docker→oci', command: skopeo('--src-tls-verify=false', `docker://${pushed}`, `oci:${skopeoLayout}:big1`), prepare: () => rm(skopeoLayout, { recursive: true, force: true }) },
    },
  ];
  // The pull cases read what the last push left: push once more so the registry holds the image.
  const results = await runCases(cases.slice(0, 1), { runs });
  const { runProcess } = await import('../test/helpers/process.js');
  const refill = await runProcess(process.execPath, [BERTH_BIN, '--root', sourceRoot, 'push', '-q', pushed], { env });
  if (refill.code !== 0) throw new Error(`refilling the registry failed: ${refill.stderr}`);
  results.push(...(await runCases(cases.slice(1), { runs })));
  for (const r of results) {
    process.stdout.write(`${r.name}: berth ${((sizeMb / r.berth.median) || 0).toFixed(1)} MB/s, skopeo ${((sizeMb / r.peer.median) || 0).toFixed(1)} MB/s, throughput ratio berth/skopeo ${(r.peer.median / r.berth.median).toFixed(2)}x\n`);
  }
} finally {
  await registry.stop();
  await rm(dir, { recursive: true, force: true });
}
