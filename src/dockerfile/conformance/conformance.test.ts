import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCorpus } from './runner.js';

// dist/src/dockerfile/conformance/ → repo root is four levels up; the shared corpus sits beside the repo.
const corpus = fileURLToPath(new URL('../../../../../shared/conformance/buildkit', import.meta.url));

test('BuildKit conformance corpus: every parser and shell case passes', () => {
  assert.ok(existsSync(corpus), `corpus not found at ${corpus}`);
  const results = runCorpus(corpus);
  assert.ok(results.length > 250, `only ${results.length} cases found`);
  const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`);
  assert.deepEqual(failed, []);
});

test('runner rejects a directory that is not a corpus', () => {
  assert.throws(() => runCorpus(fileURLToPath(new URL('.', import.meta.url))), /not a conformance corpus/);
});
