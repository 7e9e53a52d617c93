import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bestPlatformIndex,
  compatiblePlatforms,
  formatPlatform,
  hostPlatform,
  normalizePlatform,
  parsePlatform,
  platformBuildArgs,
  platformsMatch,
  toPlatform,
} from './platform.js';

const AMD64_HOST = { os: 'linux', architecture: 'amd64' };

test('parsePlatform follows containerd (os/arch, variants, aliases, bare os or arch)', () => {
  const cases: Array<[string, string]> = [
    ['linux/amd64', 'linux/amd64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/x86-64/v1', 'linux/amd64'],
    ['linux/amd64/v3', 'linux/amd64/v3'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/arm64/v8', 'linux/arm64/v8'],
    ['linux/arm64/8', 'linux/arm64/v8'],
    ['linux/arm', 'linux/arm'],
    ['linux/arm/7', 'linux/arm/v7'],
    ['linux/armhf', 'linux/arm'],
    ['linux/armel', 'linux/arm/v6'],
    ['Linux/AMD64', 'linux/amd64'],
    ['macos/arm64', 'darwin/arm64'],
    ['linux/i386', 'linux/386'],
    ['linux', 'linux/amd64'],
    ['arm64', 'linux/arm64'],
    ['aarch64', 'linux/arm64'],
    ['x86_64', 'linux/amd64'],
  ];
  for (const [input, expected] of cases) assert.equal(formatPlatform(parsePlatform(input, AMD64_HOST)), expected, input);
  assert.deepEqual(parsePlatform('windows(10.0.17763)/amd64'), { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763' });
});

test('parsePlatform rejects nonsense with a hint', () => {
  assert.throws(() => parsePlatform('linux/*'), /invalid platform "linux\/\*": wildcards/);
  assert.throws(() => parsePlatform('nosuchthing'), /unknown operating system or architecture/);
  assert.throws(() => parsePlatform('linux//amd64'), /each part/);
  assert.throws(() => parsePlatform('a/b/c/d'), /too many parts/);
});

test('normalization makes arm64 = arm64/v8, arm = arm/v7, amd64 = amd64/v1', () => {
  assert.ok(platformsMatch(toPlatform('linux/arm64'), toPlatform('linux/arm64/v8')));
  assert.ok(platformsMatch(toPlatform('linux/arm'), toPlatform('linux/arm/v7')));
  assert.ok(platformsMatch({ os: 'linux', architecture: 'amd64', variant: 'v1' }, AMD64_HOST));
  assert.ok(!platformsMatch(toPlatform('linux/arm/v6'), toPlatform('linux/arm')));
  assert.ok(!platformsMatch(toPlatform('linux/amd64'), toPlatform('windows/amd64')));
  assert.equal(normalizePlatform({ os: 'linux', architecture: 'arm' }).variant, 'v7');
  assert.equal(normalizePlatform({ os: 'linux', architecture: 'aarch64', variant: 'v8' }).variant, undefined);
});

test('compatiblePlatforms orders like containerd Only', () => {
  assert.deepEqual(compatiblePlatforms(toPlatform('linux/amd64/v3')).map(formatPlatform), ['linux/amd64/v3', 'linux/amd64/v2', 'linux/amd64', 'linux/386']);
  assert.deepEqual(compatiblePlatforms(toPlatform('linux/arm64')).map(formatPlatform), ['linux/arm64', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
  assert.deepEqual(compatiblePlatforms(toPlatform('linux/arm/v6')).map(formatPlatform), ['linux/arm/v6', 'linux/arm/v5']);
});

test('bestPlatformIndex picks the best runnable manifest of an index', () => {
  const entries = [
    { os: 'linux', architecture: 'arm', variant: 'v6' },
    undefined,
    { os: 'linux', architecture: 'arm', variant: 'v7' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
    { os: 'linux', architecture: '386' },
  ];
  assert.equal(bestPlatformIndex(toPlatform('linux/arm/v7'), entries), 2);
  assert.equal(bestPlatformIndex(toPlatform('linux/arm64'), entries), 3);
  assert.equal(bestPlatformIndex(toPlatform('linux/amd64'), entries), 4);
  assert.equal(bestPlatformIndex(toPlatform('linux/s390x'), entries), -1);
});

test('hostPlatform is normalized and platformBuildArgs are what BuildKit sets', () => {
  const host = hostPlatform();
  assert.deepEqual(normalizePlatform(host), host);
  assert.deepEqual(platformBuildArgs(toPlatform('linux/arm/v7'), AMD64_HOST), {
    TARGETPLATFORM: 'linux/arm/v7', TARGETOS: 'linux', TARGETARCH: 'arm', TARGETVARIANT: 'v7',
    BUILDPLATFORM: 'linux/amd64', BUILDOS: 'linux', BUILDARCH: 'amd64', BUILDVARIANT: '',
  });
  assert.equal(platformBuildArgs(toPlatform('linux/arm64/v8'), AMD64_HOST).TARGETPLATFORM, 'linux/arm64');
});
