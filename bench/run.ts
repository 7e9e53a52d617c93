// `berth run --rm IMAGE true` against `docker run --rm` on a throwaway dockerd (same busybox
// image, no network on both sides), one at a time and 20 started in parallel. Target: ratio
// <= 1.0 for both.
//   node dist/bench/run.js [--runs 5] [--parallel 20]
import { BERTH_BIN, busyboxRootfs, tempStore } from '../test/helpers/busybox.js';
import { DOCKER, startDockerd } from '../test/helpers/dockerd.js';
import { flag, runCases, type Command } from './harness.js';

const runs = Number(flag('runs', '5'));
const parallel = Number(flag('parallel', '20'));

/** A shell command starting `count` copies of `argv` at once and waiting for all. */
function inParallel(argv: string[], count: number, env?: NodeJS.ProcessEnv): Command {
  const line = argv.map((word) => `'${word}'`).join(' ');
  return { command: 'sh', args: ['-c', `for i in $(seq ${count}); do ${line} >/dev/null & done; wait`], env };
}

const store = await tempStore();
const dockerd = await startDockerd();
try {
  await store.berthOk(['import', busyboxRootfs(), 'busybox:local']);
  await dockerd.dockerOk(['import', busyboxRootfs(), 'busybox:local']);
  const berthRun = [process.execPath, BERTH_BIN, '--root', store.root, 'run', '--rm', 'busybox:local', 'true'];
  const dockerRun = [DOCKER, 'run', '--rm', '--network', 'none', 'busybox:local', 'true'];
  const dockerEnv = { ...process.env, DOCKER_HOST: dockerd.host };
  // Warm-up: the first run unpacks the layer (berth) or creates the image's layer mounts (docker).
  await store.berthOk(berthRun.slice(2));
  await dockerd.dockerOk(dockerRun.slice(1));
  const results = await runCases([
    {
      name: 'run --rm busybox true',
      berth: { label: 'berth run', command: { command: berthRun[0], args: berthRun.slice(1) } },
      peer: { label: 'docker run', command: { command: dockerRun[0], args: dockerRun.slice(1), env: dockerEnv } },
    },
    {
      name: `${parallel} x run --rm busybox true in parallel`,
      berth: { label: 'berth run', command: inParallel(berthRun, parallel) },
      peer: { label: 'docker run', command: inParallel(dockerRun, parallel, dockerEnv) },
    },
  ], { runs, memory: false });
  for (const result of results) console.log(`${result.name}: target ratio <= 1.0 ${result.ratio <= 1.0 ? 'met' : 'NOT met'} (${result.ratio.toFixed(2)}x)`);
  const leftover = (await store.berthOk(['ps', '-aq'])).stdout.trim();
  if (leftover !== '') throw new Error(`containers left behind: ${leftover}`);
} finally {
  await dockerd.stop();
  await store.cleanup();
}
