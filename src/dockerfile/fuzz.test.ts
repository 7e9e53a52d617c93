// Bounded, seeded fuzzing: random and mutated Dockerfiles through parse → plan → resolve. The only
// failure allowed is a BerthError (a reported parse/plan error); anything else is a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../core/index.js';
import { parseDockerfile } from './parse.js';
import { planBuild } from './plan/plan.js';
import { resolveStage } from './resolve/resolve-stage.js';
import { expandWord, ExpansionError } from './shell/lexer.js';
import type { ResolvedStage } from './types.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LINES = [
  'FROM alpine:3.20 AS build', 'FROM --platform=$BUILDPLATFORM ${BASE:-busybox} AS b2', 'FROM scratch', 'FROM build', 'ARG BASE=busybox', 'ARG V', 'ARG TARGETARCH',
  'RUN echo "$V" && make \\', '  install', 'RUN <<EOF\necho hi\nEOF', 'RUN <<-"EOT" bash\n\techo $x\n\tEOT', 'RUN ["sh", "-c", "echo"]', 'RUN --mount=type=cache,target=/c,id=$V make',
  'COPY --from=build /out /out', 'COPY --from=0 --chmod=755 a b /c/', 'COPY <<F /f\n${V:-x}\nF', 'ADD --checksum=sha256:00 https://x/y /z', 'ENV A=1 B="two words" C=${A}',
  'ENV legacy value here', 'LABEL a=b "c d"=e', 'EXPOSE 80 443/udp $P', 'VOLUME ["/data"]', 'USER 1000:1000', 'WORKDIR /app/${V}', 'STOPSIGNAL SIGKILL',
  'HEALTHCHECK --interval=5s CMD curl -f http://x/', 'HEALTHCHECK NONE', 'SHELL ["/bin/bash", "-c"]', 'CMD ["app"]', 'ENTRYPOINT exec app', 'ONBUILD RUN echo',
  'MAINTAINER me', '# comment', '', '# escape=`', '# check=error=true', 'onbuild copy . /', 'CMD [\'bad\']',
];
const NOISE = ['\\', '`', '"', "'", '$', '${', '}', '<<', '<<-', '--', '=', '[', ']', ',', '\n', '\t', ' ', '#', ':', '/', '\r\n', 'é', '\u00a0', '\ufeff', '\u0000', '\\\n'];

function randomDockerfile(next: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const lines = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pick(LINES));
  if (next() < 0.8) lines.unshift(pick(LINES.slice(0, 3)));
  let text = lines.join('\n');
  const mutations = next() < 0.4 ? 0 : Math.floor(next() * 6);
  for (let m = 0; m < mutations; m++) {
    const at = Math.floor(next() * (text.length + 1));
    const op = next();
    if (op < 0.5) text = text.slice(0, at) + pick(NOISE) + text.slice(at);
    else if (op < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 5));
    else text = text.slice(0, at) + text.slice(Math.floor(next() * text.length)) ;
  }
  return text;
}

function exercise(text: string, next: () => number): void {
  const df = parseDockerfile(text);
  const plan = planBuild(df, { buildPlatform: 'linux/amd64', targetPlatform: next() < 0.5 ? 'linux/arm64' : undefined, buildArgs: next() < 0.5 ? { V: '1', X: 'y' } : {}, isIgnored: (p) => p.startsWith('a') });
  const resolved: ResolvedStage[] = [];
  for (const p of plan.stages) {
    const base = p.base.kind === 'stage' ? resolved[p.base.index] : { env: ['PATH=/bin'], onBuild: next() < 0.2 ? ['RUN echo from base'] : [] };
    resolved[p.stage.index] = resolveStage(plan, p.stage.index, base);
  }
}

test('fuzz: random and mutated Dockerfiles only ever fail with a BerthError', () => {
  const next = rng(20261122);
  let parsed = 0;
  for (let i = 0; i < 4000; i++) {
    const text = randomDockerfile(next);
    try {
      exercise(text, next);
      parsed++;
    } catch (err) {
      if (!isBerthError(err)) assert.fail(`crash on input ${JSON.stringify(text)}: ${(err as Error).stack}`);
      assert.ok(err.message.length > 0 && !err.message.includes('\n'), `multi-line or empty message for ${JSON.stringify(text)}: ${err.message}`);
    }
  }
  assert.ok(parsed > 400, `only ${parsed} inputs parsed; the generator is too destructive to test the later stages`);
});

test('fuzz: the word lexer only fails with ExpansionError', () => {
  const next = rng(7);
  const env = (name: string) => (name.length % 2 === 0 ? `v ${name}` : undefined);
  for (let i = 0; i < 20000; i++) {
    const word = Array.from({ length: Math.floor(next() * 12) }, () => NOISE[Math.floor(next() * NOISE.length)] + (next() < 0.3 ? 'AB' : '')).join('');
    for (const escapeToken of ['\\', '`']) {
      try {
        expandWord(word, env, { escapeToken });
      } catch (err) {
        if (!(err instanceof ExpansionError)) assert.fail(`crash on ${JSON.stringify(word)}: ${(err as Error).stack}`);
      }
    }
  }
});
