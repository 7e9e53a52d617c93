// `run --platform`: each platform of busybox:multiarch runs, foreign ones through the qemu
// binfmt_misc handlers (registered with the F flag, so they work inside runc containers); without
// --platform the host's is picked, and an image lacking it fails naming the platforms it has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/index.js';
import { checkEmulation } from '../../src/platform/index.js';
import { requireRoot } from '../helpers/tools.js';
import { BASE_PLATFORMS, multiarchStore } from './multiplatform-helpers.js';

const store = multiarchStore();

test('this host has F-flag qemu handlers for arm and arm64 (scripts/setup.sh registers them)', async (t) => {
  if (!requireRoot(t)) return;
  for (const platform of ['linux/arm/v7', 'linux/arm64']) {
    const emulation = await checkEmulation(parsePlatform(platform));
    assert.equal(emulation.native, false);
    assert.ok(!emulation.native && emulation.handler.flags.includes('F'), platform);
  }
});

test('run --platform runs each platform of an index; the host platform by default', async (t) => {
  if (!requireRoot(t)) return;
  for (const base of BASE_PLATFORMS) {
    const run = await store.berthOk(['run', '--rm', '--platform', base.platform, 'busybox:multiarch', 'uname', '-m']);
    assert.equal(run.stdout, `${base.uname}\n`, base.platform);
  }
  assert.equal((await store.berthOk(['run', '--rm', 'busybox:multiarch', 'uname', '-m'])).stdout, `${BASE_PLATFORMS[0].uname}\n`);
});

test('run of an index without the host platform fails listing the platforms it has', async (t) => {
  if (!requireRoot(t)) return;
  await store.berthOk(['manifest', 'create', 'busybox:armonly', 'busybox:linux-arm-v7', 'busybox:linux-arm64']);
  const run = await store.berth(['run', '--rm', 'busybox:armonly', 'true']);
  assert.equal(run.code, 125);
  assert.match(run.stderr, /no manifest for linux\/amd64 .*\(has: linux\/arm\/v7, linux\/arm64\)/);
  assert.match(run.stderr, /pass --platform/);
});

test('images and image inspect show an index without the host platform as its first platform', async () => {
  await store.berthOk(['manifest', 'create', 'busybox:foreign', 'busybox:linux-arm-v7', 'busybox:linux-arm64']);
  const armId = (await store.berthOk(['image', 'inspect', '--format', '{{.Id}}', 'busybox:linux-arm-v7'])).stdout.trim();
  const rows = (await store.berthOk(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}', '--no-trunc', 'busybox:foreign'])).stdout;
  assert.equal(rows, `busybox:foreign ${armId}\n`);
  const inspect = await store.berthOk(['image', 'inspect', '--format', '{{.Id}} {{.Os}}/{{.Architecture}}/{{.Variant}}', 'busybox:foreign']);
  assert.equal(inspect.stdout.trim(), `${armId} linux/arm/v7`);
  const arm64 = await store.berthOk(['image', 'inspect', '--platform', 'linux/arm64', '--format', '{{.Architecture}}', 'busybox:foreign']);
  assert.equal(arm64.stdout.trim(), 'arm64');
  assert.equal((await store.berth(['image', 'inspect', '--platform', 'linux/amd64', 'busybox:foreign'])).code, 1, 'a platform asked for must be there');
});
