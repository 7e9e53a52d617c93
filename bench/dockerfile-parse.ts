// Parses and expands a generated 10,000-instruction Dockerfile; prints the median over runs.
//   npm run build && node dist/bench/dockerfile-parse.js [runs]
import { loadavg } from 'node:os';
import { parseDockerfile, planBuild, resolveStage, type ResolvedStage } from '../src/dockerfile/index.js';

const INSTRUCTIONS = 10_000;

function generate(): string {
  const body = [
    'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*',
    'ENV APP_HOME=/opt/${NAME} PATH=/opt/${NAME}/bin:/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8',
    'COPY --chown=${UID}:${UID} --chmod=644 src/${NAME}/ /opt/${NAME}/',
    'ARG VERSION=${BASE_VERSION:-1.0}',
    'LABEL org.opencontainers.image.version="${VERSION}" maintainer="me"',
    'WORKDIR /opt/${NAME}/${VERSION%%.*}',
    'RUN --mount=type=cache,target=/root/.cache,id=${NAME} ["make", "-j4"]',
    'EXPOSE 8080/tcp ${PORT}',
    'RUN <<EOF\nset -e\necho building $NAME\nEOF',
    'USER ${UID}:${UID}',
  ];
  const lines = ['# syntax=docker/dockerfile:1', 'ARG BASE_VERSION=2.1', 'FROM --platform=$BUILDPLATFORM busybox:1.36 AS build', 'ARG NAME=app UID=1000 PORT=9090'];
  let count = 3;
  for (let i = 0; count < INSTRUCTIONS - 2; i++, count++) lines.push(body[i % body.length]);
  lines.push('FROM scratch', 'COPY --from=build /opt /opt');
  return lines.join('\n') + '\n';
}

/** Wall and CPU milliseconds of one parse+plan+expand (CPU time is steadier on a shared machine). */
function once(text: string): [number, number] {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const plan = planBuild(parseDockerfile(text), { buildPlatform: 'linux/amd64', buildArgs: { PORT: '80' } });
  const resolved: ResolvedStage[] = [];
  for (const p of plan.stages) resolved[p.stage.index] = resolveStage(plan, p.stage.index, p.base.kind === 'stage' ? resolved[p.base.index] : { env: ['PATH=/usr/bin:/bin'] });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return [wall, (used.user + used.system) / 1e3];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A fixed CPU-bound loop, printed so results from a loaded or slow machine can be judged. */
function referenceLoopMs(): number {
  const start = performance.now();
  let sum = 0;
  for (let i = 0; i < 1e8; i++) sum += i & 7;
  if (sum < 0) console.log(sum);
  return performance.now() - start;
}

const runs = Number(process.argv[2] ?? 15);
const text = generate();
for (let i = 0; i < 3; i++) once(text);
const samples = Array.from({ length: runs }, () => once(text));
const wall = samples.map((s) => s[0]);
const cpu = samples.map((s) => s[1]);
console.log(`dockerfile-parse: ${INSTRUCTIONS} instructions, ${(text.length / 1024).toFixed(0)} KiB, parse+plan+expand over ${runs} runs: median ${median(wall).toFixed(1)} ms wall (min ${Math.min(...wall).toFixed(1)}), median ${median(cpu).toFixed(1)} ms CPU; target < 50 ms`);
console.log(`reference: a 1e8-iteration integer loop took ${referenceLoopMs().toFixed(0)} ms here (about 70-100 ms on an idle current x86 core); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
