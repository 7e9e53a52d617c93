import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMountFlag, parseSize, parseTmpfsFlag, parseVolumeFlag } from './mount-flags.js';

test('-v: bind mounts (ro) and named volumes under the store root', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-mounts-'));
  try {
    assert.deepEqual(await parseVolumeFlag(root, '/host:/data:ro'), { mount: { type: 'bind', source: '/host', target: '/data', readonly: true } });
    const named = await parseVolumeFlag(root, 'cache:/cache');
    assert.deepEqual(named, { mount: { type: 'bind', source: join(root, 'volumes', 'cache', '_data'), target: '/cache', readonly: false }, volume: 'cache' });
    assert.ok((await stat(join(root, 'volumes', 'cache', '_data'))).isDirectory());
    const anonymous = await parseVolumeFlag(root, '/anon');
    assert.match(anonymous.volume ?? '', /^[0-9a-f]{64}$/);
    await assert.rejects(parseVolumeFlag(root, '/host:relative'), /target must be an absolute path/);
    await assert.rejects(parseVolumeFlag(root, '/a:/b:bogus'), /unknown option bogus/);
    assert.deepEqual(await parseMountFlag(root, 'type=bind,source=/h,target=/t,readonly'), { mount: { type: 'bind', source: '/h', target: '/t', readonly: true } });
    assert.deepEqual(await parseMountFlag(root, 'type=tmpfs,target=/t,tmpfs-size=1m'), { mount: { type: 'tmpfs', target: '/t', size: 1048576 } });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('--tmpfs options and sizes', () => {
  assert.deepEqual(parseTmpfsFlag('/run:size=64m,mode=1770'), { mount: { type: 'tmpfs', target: '/run', size: 64 * 1024 * 1024, mode: 0o1770 } });
  assert.equal(parseSize('1g'), 1024 ** 3);
  assert.equal(parseSize('512'), 512);
  assert.throws(() => parseSize('lots'), /invalid size/);
});
