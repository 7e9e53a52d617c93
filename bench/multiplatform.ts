// A three-platform build of example 08 (linux/amd64, linux/arm/v7, linux/arm64; foreign RUN steps
// through qemu-user-static) against the sum of three single-platform BuildKit builds of the same
// Dockerfile on dockerd 20.10 (no buildx here, and docker's classic store holds no index, so each
// platform's base is its own tag there). Cold builds: both build caches are emptied before each run.
//   node dist/bench/multiplatform.js [--runs 5]
import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BERTH_BIN, busyboxRootfs, runBerth } from '../test/helpers/busybox.js';
import { DOCKER, startDockerd } from '../test/helpers/dockerd.js';
import { BASE_PLATFORMS, EXAMPLE_08 } from '../test/e2e/multiplatform-helpers.js';
import { flag, runCases } from './harness.js';

const runs = Number(flag('runs', '5'));
const work = await mkdtemp(join(tmpdir(), 'berth-bench-multiplatform-'));
const root = join(work, 'store');
const dockerd = await startDockerd();
const dockerEnv = { ...process.env, DOCKER_HOST: dockerd.host, DOCKER_BUILDKIT: '1' };

async function berthOk(args: string[]): Promise<void> {
  const result = await runBerth(['--root', root, ...args]);
  if (result.code !== 0) throw new Error(`berth ${args.join(' ')} failed: ${result.stderr}`);
}

/** berth: busybox:multiarch as the tests assemble it. docker: one tag per platform and a Dockerfile per platform naming it. */
async function prepareBases(): Promise<string[]> {
  const dockerfiles: string[] = [];
  const text = await readFile(join(EXAMPLE_08, 'Dockerfile'), 'utf8');
  await cp(EXAMPLE_08, join(work, 'ctx'), { recursive: true });
  for (const base of BASE_PLATFORMS) {
    await berthOk(['import', '--platform', base.platform, '-c', 'CMD ["sh"]', busyboxRootfs(base.debianArch), base.tag]);
    // dockerd 20.10's import ignores --platform's architecture; a saved platform image keeps it.
    const archive = join(work, `${base.debianArch}.tar`);
    await berthOk(['save', '--platform', base.platform, '-o', archive, base.tag]);
    await dockerd.dockerOk(['load', '-i', archive]);
    const dockerfile = join(work, `Dockerfile.${base.debianArch}`);
    await writeFile(dockerfile, text.replace('FROM busybox:multiarch', `FROM ${base.tag}`));
    dockerfiles.push(dockerfile);
  }
  await berthOk(['manifest', 'create', 'busybox:multiarch', ...BASE_PLATFORMS.map((b) => b.tag)]);
  return dockerfiles;
}

try {
  const dockerfiles = await prepareBases();
  const ctx = join(work, 'ctx');
  const platforms = BASE_PLATFORMS.map((b) => b.platform).join(',');
  const dockerBuilds = BASE_PLATFORMS.map((b, i) => `${DOCKER} build -q --network host --platform ${b.platform} -f ${dockerfiles[i]} -t multi-${b.debianArch} ${ctx}`).join(' && ');
  await runCases(
    [
      {
        name: 'cold: example 08, three platforms',
        berth: {
          label: 'berth build --platform ×3',
          command: { command: process.execPath, args: [BERTH_BIN, '--root', root, 'build', '--progress', 'quiet', '--platform', platforms, '-t', 'multi', ctx] },
          prepare: () => berthOk(['builder', 'prune', '-a', '-f']),
        },
        peer: {
          label: 'Σ 3 × docker build (BuildKit)',
          command: { command: 'sh', args: ['-c', dockerBuilds], env: dockerEnv },
          prepare: async () => void (await dockerd.dockerOk(['builder', 'prune', '-af'])),
          memoryPid: dockerd.pid,
        },
      },
    ],
    { runs },
  );
} finally {
  await dockerd.stop();
  await rm(work, { recursive: true, force: true });
}
