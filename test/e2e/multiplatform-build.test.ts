// `build --platform a,b,c`: example 08 built for three platforms from busybox:multiarch, one index
// in the store and in an OCI archive; each platform runs (natively or through qemu) through berth
// and, after `save --platform`, through docker; the cross-compilation pattern shares its
// build-platform stage; --push sends the index; outputs that cannot hold several platforms fail
// like buildx.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPlatform, type Index } from '../../src/core/index.js';
import { openStore } from '../../src/store/index.js';
import { busyboxRootfs, tempStore } from '../helpers/busybox.js';
import { DOCKER, DOCKERD, startDockerd } from '../helpers/dockerd.js';
import { runOk } from '../helpers/process.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { DOCKER_REGISTRY, startDockerRegistry } from './client-fixtures.js';
import { CONTAINERD, CTR, ctrImport, withContainerd } from './multiplatform-containerd.js';
import { BASE_PLATFORMS, EXAMPLE_08, multiarchStore } from './multiplatform-helpers.js';

const PLATFORMS = BASE_PLATFORMS.map((b) => b.platform).join(',');
let dir: string;
let archive: string;
let progress: string;
const store = multiarchStore(async (s) => {
  dir = await mkdtemp(join(tmpdir(), 'berth-mp-build-'));
  archive = join(dir, 'multi.tar');
  progress = (await s.berthOk(['build', '--progress', 'plain', '--platform', PLATFORMS, '-t', 'multi', '--output', `type=oci,dest=${archive}`, EXAMPLE_08])).stderr;
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const expected = (platform: string, uname: string) => `built for ${platform} on ${uname}\n`;

test('example 08: one index, platform fields in index and configs, progress per platform', async () => {
  for (const base of BASE_PLATFORMS) assert.ok(progress.includes(`[${base.platform} 2/2] RUN echo "built for \${TARGETPLATFORM} on $(uname -m)" > /arch`), progress);
  const rows = (await store.berthOk(['images', '--format', '{{.Repository}}:{{.Tag}}', 'multi'])).stdout;
  assert.equal(rows, 'multi:latest\n');
  for (const base of BASE_PLATFORMS) {
    const fields = (await store.berthOk(['image', 'inspect', '--platform', base.platform, '--format', '{{.Os}}/{{.Architecture}}{{with .Variant}}/{{.}}{{end}}', 'multi'])).stdout;
    assert.equal(fields, `${base.platform}\n`);
  }
});

test('example 08: each platform prints its line through berth run --platform', async () => {
  for (const base of BASE_PLATFORMS) {
    const run = await store.berthOk(['run', '--rm', '--platform', base.platform, 'multi']);
    assert.equal(run.stdout, expected(base.platform, base.uname));
  }
});

test('the OCI archive holds the index: skopeo shows it, berth loads and runs it, ctr imports it', async (t) => {
  if (requireTools(t, '/usr/bin/skopeo')) {
    const raw = JSON.parse((await runOk('/usr/bin/skopeo', ['inspect', '--raw', `oci-archive:${archive}`])).stdout) as Index;
    assert.deepEqual(raw.manifests.map((m) => formatPlatform(m.platform!)), BASE_PLATFORMS.map((b) => b.platform));
  }
  const loaded = await tempStore();
  try {
    await loaded.berthOk(['load', '-i', archive]);
    assert.equal((await loaded.berthOk(['run', '--rm', '--platform', 'linux/arm64', 'multi'])).stdout, expected('linux/arm64', 'aarch64'));
  } finally {
    await loaded.cleanup();
  }
  if (!requireRoot(t) || !requireTools(t, CONTAINERD, CTR)) return;
  await withContainerd(async (containerd) => {
    assert.match(await ctrImport(containerd, archive), /docker\.io\/library\/multi:latest\s.*linux\/amd64,linux\/arm\/v7,linux\/arm64/);
  });
});

test('example 08: save --platform, docker load and docker run --platform print each line', async (t) => {
  if (!requireRoot(t) || !requireTools(t, DOCKERD, DOCKER)) return;
  const dockerd = await startDockerd();
  try {
    for (const base of BASE_PLATFORMS) {
      const path = join(dir, `${base.debianArch}.tar`);
      await store.berthOk(['save', '--platform', base.platform, '-o', path, 'multi']);
      await dockerd.dockerOk(['load', '-i', path]);
      const run = await dockerd.dockerOk(['run', '--rm', '--net', 'none', '--platform', base.platform, 'multi']);
      assert.equal(run.stdout, expected(base.platform, base.uname));
    }
  } finally {
    await dockerd.stop();
  }
});

test('cross-compilation: the $BUILDPLATFORM stage runs once, automatic ARGs per platform, COPY --from across platforms', async () => {
  const context = join(dir, 'cross');
  await rm(context, { recursive: true, force: true });
  await mkdir(context);
  await writeFile(
    join(context, 'Dockerfile'),
    [
      'FROM --platform=$BUILDPLATFORM busybox:multiarch AS build',
      'RUN echo "compiler on $(uname -m)" > /tool',
      'ARG TARGETPLATFORM TARGETOS TARGETARCH TARGETVARIANT BUILDPLATFORM BUILDARCH',
      'RUN echo "$(cat /tool) $BUILDPLATFORM/$BUILDARCH -> $TARGETPLATFORM $TARGETOS $TARGETARCH [$TARGETVARIANT]" > /out',
      'FROM busybox:multiarch',
      'COPY --from=build /out /out',
      'CMD ["sh", "-c", "echo $(cat /out) runs on $(uname -m)"]',
      '',
    ].join('\n'),
  );
  const built = await store.berthOk(['build', '--progress', 'plain', '--platform', PLATFORMS, '-t', 'cross', context]);
  // The build stage is on the build platform for every target: its first RUN runs once, then is a cache hit.
  const toolRuns = [...built.stderr.matchAll(/^#(\d+) \[linux\/[^\]]* build 2\/3\] RUN echo "compiler on/gm)].map((m) => m[1]);
  assert.equal(toolRuns.length, 3, built.stderr);
  assert.deepEqual(toolRuns.map((id) => built.stderr.includes(`#${id} CACHED`)), [false, true, true], built.stderr);
  // BuildKit's prefixes: a stage's own platform, `->arch` for steps that see another target in their TARGET* args.
  const names = [...built.stderr.matchAll(/^#\d+ (\[linux\/[^\]]*\] .{0,24})/gm)].map((m) => m[1]);
  for (const base of BASE_PLATFORMS) {
    const arrow = base.platform === 'linux/amd64' ? '' : `->${base.platform.slice('linux/'.length)}`;
    const named = (prefix: string) => assert.ok(names.some((n) => n.startsWith(prefix)), `${prefix}: ${names.join('\n')}`);
    named(`[linux/amd64${arrow} build 3/3] RUN echo "$(cat /tool)`);
    named(`[${base.platform} stage-1 2/2] COPY --from=build /out`);
  }
  assert.equal(names.filter((n) => n.startsWith('[linux/amd64 build 2/3] RUN echo "compiler')).length, 3, names.join('\n'));
  const lines: Record<string, string> = {
    'linux/amd64': 'compiler on x86_64 linux/amd64/amd64 -> linux/amd64 linux amd64 [] runs on x86_64',
    'linux/arm/v7': 'compiler on x86_64 linux/amd64/amd64 -> linux/arm/v7 linux arm [v7] runs on armv7l',
    'linux/arm64': 'compiler on x86_64 linux/amd64/amd64 -> linux/arm64 linux arm64 [] runs on aarch64',
  };
  for (const [platform, line] of Object.entries(lines)) {
    assert.equal((await store.berthOk(['run', '--rm', '--platform', platform, 'cross'])).stdout, `${line}\n`);
  }
});

test('outputs: type=local writes one folder per platform; type=docker with several platforms fails like buildx', async () => {
  const local = join(dir, 'local');
  await store.berthOk(['build', '--platform', PLATFORMS, '--output', `type=local,dest=${local}`, EXAMPLE_08]);
  assert.deepEqual((await readdir(local)).sort(), ['linux_amd64', 'linux_arm64', 'linux_arm_v7']);
  for (const base of BASE_PLATFORMS) {
    assert.equal(await readFile(join(local, base.platform.replaceAll('/', '_'), 'arch'), 'utf8'), expected(base.platform, base.uname));
  }
  const docker = await store.berth(['build', '--platform', PLATFORMS, '--output', `type=docker,dest=${join(dir, 'd.tar')}`, EXAMPLE_08]);
  assert.equal(docker.code, 1);
  assert.match(docker.stderr, /docker exporter does not currently support exporting manifest lists/);
  assert.match(docker.stderr, /give --platform one value/);
  const one = await store.berthOk(['build', '--platform', 'linux/arm64', '--output', `type=docker,dest=${join(dir, 'd.tar')}`, EXAMPLE_08]);
  assert.equal(one.code, 0);
});

test('--push sends the index (or one image) to docker-registry 2.8.2; each platform pulls back and runs', async (t) => {
  if (!requireTools(t, DOCKER_REGISTRY)) return;
  const registry = await startDockerRegistry();
  try {
    const unnamed = await store.berth(['build', '--platform', PLATFORMS, '--push', EXAMPLE_08]);
    assert.match(unnamed.stderr, /output type=registry needs a name to push to/);
    const single = `${registry.host}/single:1`;
    await store.berthOk(['build', '--platform', 'linux/arm/v7', '--push', '-t', single, EXAMPLE_08]);
    const name = `${registry.host}/multi:1`;
    await store.berthOk(['build', '--platform', PLATFORMS, '--push', '-t', name, EXAMPLE_08]);
    const pulls = [...BASE_PLATFORMS.map((base) => ({ base, ref: name })), { base: BASE_PLATFORMS[1], ref: single }];
    for (const { base, ref } of pulls) {
      const back = await tempStore();
      try {
        await back.berthOk(['pull', '--platform', base.platform, ref]);
        assert.equal((await back.berthOk(['run', '--rm', '--platform', base.platform, ref])).stdout, expected(base.platform, base.uname));
      } finally {
        await back.cleanup();
      }
    }
  } finally {
    await registry.stop();
  }
});

// BuildKit's InvalidBaseImagePlatform: a single-platform base of another architecture is used, with
// a warning; the image is labelled with the target platform (config and index) either way.
test('a base image of another platform warns InvalidBaseImagePlatform; configs carry the target platform', async () => {
  const context = join(dir, 'base-platform');
  await rm(context, { recursive: true, force: true });
  await mkdir(context);
  const build = async (from: string, platform: string, directive = '') => {
    await writeFile(join(context, 'Dockerfile'), `${directive}FROM ${from}\nCMD ["true"]\n`);
    return store.berthOk(['build', '--progress', 'plain', '--platform', platform, '-t', 'based', context]);
  };
  const inspect = async (platform?: string) =>
    (await store.berthOk(['image', 'inspect', ...(platform ? ['--platform', platform] : []), '--format', '{{.Os}}/{{.Architecture}}{{with .Variant}}/{{.}}{{end}}', 'based'])).stdout.trim();

  const foreign = await build('busybox:linux-amd64', 'linux/arm64');
  assert.match(foreign.stderr, /^WARNING: Base image busybox:linux-amd64 was pulled with platform "linux\/amd64", expected "linux\/arm64" for current build$/m);
  assert.equal(await inspect(), 'linux/arm64');
  const skipped = await build('busybox:linux-amd64', 'linux/arm64', '# check=skip=InvalidBaseImagePlatform\n');
  assert.doesNotMatch(skipped.stderr, /was pulled with platform/);

  // A base whose config has no variant (linux/arm) still gives an arm/v7 image, in a single- and a multi-platform build.
  await store.berthOk(['import', '--platform', 'linux/arm', '-c', 'CMD ["sh"]', busyboxRootfs('armhf'), 'busybox:arm-novariant']);
  const armBase = await build('busybox:arm-novariant', 'linux/arm/v7');
  assert.doesNotMatch(armBase.stderr, /was pulled with platform/, 'BuildKit compares OS and architecture only');
  assert.equal(await inspect(), 'linux/arm/v7');
  await build('busybox:arm-novariant', 'linux/arm/v7,linux/arm64');
  assert.equal(await inspect('linux/arm/v7'), 'linux/arm/v7');
  const { index } = await (await openStore({ root: store.root })).findImage('based');
  assert.deepEqual(index?.manifests.map((m) => formatPlatform(m.platform!)), ['linux/arm/v7', 'linux/arm64']);

  const multiarch = await build('busybox:multiarch', 'linux/arm/v7,linux/arm64');
  assert.doesNotMatch(multiarch.stderr, /was pulled with platform/, 'an index provides each platform');
});
