// save and load of one large image: berth against docker 20.10 (its own dockerd, data-root and
// socket), each tool saving and loading its own archive, plus peak memory (berth's process,
// dockerd's RSS). Also import, which both tools need first.
//   node dist/bench/save-load.js [--size-mb 300] [--runs 3]        (--size-mb 1024 for the 1 GB figure)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BERTH_BIN } from '../test/helpers/busybox.js';
import { DOCKER, startDockerd } from '../test/helpers/dockerd.js';
import { largeRootfs } from './fixtures.js';
import { flag, runCases, type BenchCase } from './harness.js';

const sizeMb = Number(flag('size-mb', '300'));
const runs = Number(flag('runs', '3'));
const dir = await mkdtemp(join(tmpdir(), 'berth-bench-save-load-'));
const dockerd = await startDockerd();
try {
  const rootfs = join(dir, 'rootfs.tar');
  await largeRootfs(rootfs, sizeMb, join(dir, 'work'));
  await rm(join(dir, 'work'), { recursive: true, force: true });
  const berthRoot = join(dir, 'berth');
  const loadRoot = join(dir, 'berth-load');
  const berth = (root: string, ...args: string[]) => ({ command: process.execPath, args: [BERTH_BIN, '--root', root, ...args] });
  const docker = (...args: string[]) => ({ command: DOCKER, args, env: { ...process.env, DOCKER_HOST: dockerd.host } });
  const cases: BenchCase[] = [
    {
      name: `import ${sizeMb} MB`,
      berth: { label: 'berth import', command: berth(berthRoot, 'import', rootfs, 'big:1') },
      peer: { label: 'docker import', command: docker('import', rootfs, 'big:1'), memoryPid: dockerd.pid },
    },
    {
      name: `save ${sizeMb} MB`,
      berth: { label: 'berth save -o', command: berth(berthRoot, 'save', '-o', join(dir, 'berth.tar'), 'big:1') },
      peer: { label: 'docker save -o', command: docker('save', '-o', join(dir, 'docker.tar'), 'big:1'), memoryPid: dockerd.pid },
    },
    {
      name: `load ${sizeMb} MB`,
      berth: {
        label: 'berth load -i',
        command: berth(loadRoot, 'load', '-i', join(dir, 'berth.tar')),
        prepare: () => rm(loadRoot, { recursive: true, force: true }),
      },
      peer: {
        label: 'docker load -i',
        command: docker('load', '-i', join(dir, 'docker.tar')),
        // Every image goes, so no layer of an earlier import or load is reused.
        prepare: async () => {
          const ids = (await dockerd.docker(['images', '-aq'])).stdout.split('\n').filter(Boolean);
          if (ids.length > 0) await dockerd.docker(['rmi', '-f', ...new Set(ids)]);
        },
        memoryPid: dockerd.pid,
      },
    },
  ];
  await runCases(cases, { runs });
} finally {
  await dockerd.stop();
  await rm(dir, { recursive: true, force: true });
}
