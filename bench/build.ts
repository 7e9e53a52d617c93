// `berth build` against dockerd's BuildKit (docker 20.10, DOCKER_BUILDKIT=1) on the shared
// workloads (../shared/bench/corpus): cold builds, no-op rebuilds and rebuilds after editing one
// source file, as ratios measured in one run, plus berth's peak memory.
//   node dist/bench/build.js [--runs 3] [--only hello,copy-many] [--debian-tar debian.tar]
// Without --debian-tar the workloads based on debian:bookworm-local use busybox:bench instead
// (the same base for both tools; debootstrap needs a few minutes of mirror downloads).
import { execFileSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BERTH_BIN, busyboxRootfs, runBerth } from '../test/helpers/busybox.js';
import { DOCKER, startDockerd } from '../test/helpers/dockerd.js';
import { flag, runCases, type BenchCase, type Command } from './harness.js';

const CORPUS = fileURLToPath(new URL('../../../shared/bench/corpus', import.meta.url));
const runs = Number(flag('runs', '3'));
const only = flag('only', '').split(',').filter(Boolean);
const debianTar = flag('debian-tar', '');
const work = await mkdtemp(join(tmpdir(), 'berth-bench-build-'));
const root = join(work, 'store');
const dockerd = await startDockerd();
const dockerEnv = { ...process.env, DOCKER_HOST: dockerd.host, DOCKER_BUILDKIT: '1' };

async function ok(result: Promise<{ code: number; stderr: string }>, what: string): Promise<void> {
  const r = await result;
  if (r.code !== 0) throw new Error(`${what} failed: ${r.stderr}`);
}

/** busybox:bench = the examples' busybox rootfs plus a `bench` user (uid 1000), for both tools. */
async function importBases(): Promise<void> {
  const dir = join(work, 'bb');
  execFileSync('sh', ['-c', `mkdir -p ${dir} && tar -xf ${busyboxRootfs()} -C ${dir} && echo 'bench:x:1000:1000::/home/bench:/bin/sh' >> ${dir}/etc/passwd && echo 'bench:x:1000:' >> ${dir}/etc/group && tar --numeric-owner -C ${dir} -cf ${work}/bench.tar .`]);
  await ok(runBerth(['--root', root, 'import', `${work}/bench.tar`, 'busybox:bench']), 'berth import');
  await dockerd.dockerOk(['import', `${work}/bench.tar`, 'busybox:bench']);
  if (debianTar) {
    await ok(runBerth(['--root', root, 'import', debianTar, 'debian:bookworm-local']), 'berth import debian');
    await dockerd.dockerOk(['import', debianTar, 'debian:bookworm-local']);
  }
}

/** A private copy of a workload (copy-many gets its generated context; debian swapped when absent). */
async function workload(name: string): Promise<string> {
  const dir = join(work, name);
  await cp(join(CORPUS, name), dir, { recursive: true, verbatimSymlinks: true });
  if (name === 'copy-many') execFileSync('bash', [join(dir, 'gen-context.sh')], { stdio: 'ignore' });
  if (!debianTar) {
    const dockerfile = join(dir, 'Dockerfile');
    await writeFile(dockerfile, (await readFile(dockerfile, 'utf8')).replaceAll('debian:bookworm-local', 'busybox:bench'));
  }
  return dir;
}

const berthBuild = (dir: string): Command => ({ command: process.execPath, args: [BERTH_BIN, '--root', root, 'build', '--progress', 'quiet', '-t', 'bench', dir] });
const dockerBuild = (dir: string): Command => ({ command: DOCKER, args: ['build', '-q', '--network', 'host', '-t', 'bench', dir], env: dockerEnv });
const pruneBerth = async (): Promise<void> => ok(runBerth(['--root', root, 'builder', 'prune', '-a', '-f']), 'berth builder prune');
const pruneDocker = async (): Promise<void> => void (await dockerd.dockerOk(['builder', 'prune', '-af']));

/** A file under the workload's sources that the "one edit" cases change before each rebuild. */
const EDITED: Record<string, string> = { 'cache-order': 'src', 'copy-many': 'files/d01' };

async function editOne(dir: string, sub: string): Promise<void> {
  const files = execFileSync('find', [join(dir, sub), '-type', 'f']).toString().trim().split('\n').sort();
  await appendFile(files[0], `edit ${Date.now()}\n`);
}

try {
  await importBases();
  const names = ['hello', 'many-instructions', 'multistage', 'cache-order', 'run-heavy', 'copy-many'].filter((n) => only.length === 0 || only.includes(n));
  const cases: BenchCase[] = [];
  for (const name of names) {
    const dir = await workload(name);
    cases.push({
      name: `cold: ${name}`,
      berth: { label: 'berth build', command: berthBuild(dir), prepare: pruneBerth },
      peer: { label: 'docker build (BuildKit)', command: dockerBuild(dir), prepare: pruneDocker, memoryPid: undefined },
    });
    if (name in EDITED) {
      cases.push({
        name: `no-op rebuild: ${name}`,
        berth: { label: 'berth build', command: berthBuild(dir) },
        peer: { label: 'docker build (BuildKit)', command: dockerBuild(dir) },
      });
      cases.push({
        name: `one edit: ${name}`,
        berth: { label: 'berth build', command: berthBuild(dir), prepare: () => editOne(dir, EDITED[name]) },
        peer: { label: 'docker build (BuildKit)', command: dockerBuild(dir), prepare: () => editOne(dir, EDITED[name]) },
      });
    }
  }
  const results = await runCases(cases, { runs });
  const worst = results.reduce((max, r) => Math.max(max, r.berth.peakRss ?? 0), 0);
  console.log(`berth peak RSS over all cases: ${(worst / 1024 / 1024).toFixed(0)} MB (target < 300 MB)`);
} finally {
  await dockerd.stop();
  await rm(work, { recursive: true, force: true });
}
