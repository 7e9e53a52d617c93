import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlainRenderer } from './plain.js';

test('plain progress reads like BuildKit: numbered steps, log lines with offsets, CACHED, DONE, ERROR', () => {
  let out = '';
  const r = new PlainRenderer((t) => (out += t));
  r.handle({ type: 'vertex-start', id: 'a', name: '[1/2] FROM docker.io/library/busybox:local', time: 1000 });
  r.handle({ type: 'vertex-done', id: 'a', time: 1000 });
  r.handle({ type: 'vertex-cached', id: 'b', name: '[2/3] COPY a /a', time: 1000 });
  r.handle({ type: 'vertex-start', id: 'c', name: '[3/3] RUN echo hi', time: 2000 });
  r.handle({ type: 'vertex-log', id: 'c', stream: 'stdout', data: 'hi\nthere\n', time: 2345 });
  r.handle({ type: 'vertex-error', id: 'c', error: 'exit code: 1', time: 2500 });
  assert.equal(
    out,
    [
      '#1 [1/2] FROM docker.io/library/busybox:local',
      '#1 DONE 0.0s',
      '',
      '#2 [2/3] COPY a /a',
      '#2 CACHED',
      '',
      '#3 [3/3] RUN echo hi',
      '#3 0.345 hi',
      '#3 0.345 there',
      '#3 ERROR: exit code: 1',
      '',
      '',
    ].join('\n'),
  );
});
