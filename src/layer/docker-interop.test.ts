import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { busyboxRootfs } from '../../test/helpers/busybox.js';
import { DOCKERD, startDockerd } from '../../test/helpers/dockerd.js';
import { applyLayer, overlayChanges, overlayUpperToLayer } from './index.js';
import { describeTree, isRoot, mkdirs, tempDir } from './test-helpers.js';

const canRun = isRoot && existsSync(DOCKERD);
const EDITS = [
  'rm /bin/ls',
  'echo app:x:1000:1000::/home/app:/bin/sh >> /etc/passwd',
  'rm -rf /root && mkdir /root && echo fresh > /root/new',
  'mkdir -p /data/sub && echo d > /data/sub/f && ln /data/sub/f /data/h',
  'chmod 1770 /tmp',
  'mkfifo /data/fifo',
  'ln -s /etc/passwd /data/pw',
].join(' && ');

test('against dockerd (overlay2): overlayChanges prints what `docker diff` prints, and the layers from its upper dirs rebuild what `docker export` exports', { skip: !canRun && !process.env.CI ? 'needs root and dockerd' : false }, async (t) => {
  const base = await tempDir(t);
  const dockerd = await startDockerd();
  t.after(() => dockerd.stop());
  await dockerd.dockerOk(['import', busyboxRootfs(), 'bb:1']);
  await dockerd.dockerOk(['run', '--name', 'layer-diff', '--network', 'none', 'bb:1', 'sh', '-c', EDITS]);
  const driver = JSON.parse((await dockerd.dockerOk(['inspect', 'layer-diff', '--format', '{{json .GraphDriver}}'])).stdout) as { Name: string; Data: { UpperDir: string; LowerDir: string } };
  assert.equal(driver.Name, 'overlay2');
  const upper = driver.Data.UpperDir;
  const lowers = driver.Data.LowerDir.split(':');
  const dockerDiff = (await dockerd.dockerOk(['diff', 'layer-diff'])).stdout.trim().split('\n');
  const ours = (await overlayChanges(upper, lowers)).map((change) => `${change.kind} ${change.path}`);
  // docker prints in Go map order (it varies between runs); ours is sorted by path.
  assert.deepEqual([...ours].sort(), [...dockerDiff].sort());

  const [rebuilt, exported] = [join(base, 'rebuilt'), join(base, 'exported')];
  await mkdirs(rebuilt, exported);
  await applyLayer(createReadStream(busyboxRootfs()), rebuilt);
  await applyLayer(overlayUpperToLayer(lowers[0]!), rebuilt); // docker's init layer (/etc/hosts, /.dockerenv…)
  await applyLayer(overlayUpperToLayer(upper), rebuilt);
  await dockerd.dockerOk(['export', '-o', join(base, 'export.tar'), 'layer-diff']);
  execFileSync('tar', ['--numeric-owner', '-xpf', join(base, 'export.tar'), '-C', exported]);
  assert.deepEqual(await describeTree(rebuilt), await describeTree(exported));
});
