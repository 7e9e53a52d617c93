import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { DockerProgressRenderer, progressBar } from './progress.js';

test('progressBar draws docker\'s 50-column bar with decimal units', () => {
  assert.equal(progressBar(0, 1000), `[>${' '.repeat(50)}]       0B/1kB`);
  assert.equal(progressBar(12_300_000, 45_600_000), `[=============>${' '.repeat(37)}]   12.3MB/45.6MB`);
  assert.equal(progressBar(1000, 1000), `[${'='.repeat(50)}>]      1kB/1kB`);
  assert.equal(progressBar(1_234_567, 0), ' 1.235MB/0B');
});

test('plain output prints each status change once and skips byte progress', () => {
  const out = new PassThrough();
  const renderer = new DockerProgressRenderer(out, false);
  renderer.sink({ type: 'message', text: 'latest: Pulling from library/busybox' });
  renderer.sink({ type: 'layer', id: 'abc', status: 'Pulling fs layer' });
  renderer.sink({ type: 'layer', id: 'abc', status: 'Downloading', current: 10, total: 20 });
  renderer.sink({ type: 'layer', id: 'abc', status: 'Pull complete' });
  assert.equal(out.read().toString(), 'latest: Pulling from library/busybox\nabc: Pulling fs layer\nabc: Pull complete\n');
});
