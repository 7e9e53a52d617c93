import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchDockerfileLines } from './dockerfile-lines.js';

test('matchDockerfileLines: final-stage steps matched from the end, flags and spacing ignored, base layers unmatched', () => {
  const dockerfile = 'FROM busybox AS build\nRUN make\nFROM busybox\nRUN apt-get update \\\n    && apt-get install -y curl\nCOPY --chmod=755 app /app\nRUN make\n';
  const lines = matchDockerfileLines(['# Imported from -', 'RUN apt-get update && apt-get install -y curl', 'COPY app /app', 'RUN make'], dockerfile, 'Dockerfile');
  assert.deepEqual(lines, [undefined, 4, 6, 7]);
});
