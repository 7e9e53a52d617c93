import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StackedFilesystem } from '../filesystem.js';
import { dir, file, whiteout } from '../test-entries.js';
import type { AnalyzedLayer, LayerEntry } from '../types.js';
import { collectFindings } from './index.js';

function contextOf(layers: Array<{ instruction: string; entries: LayerEntry[] }>) {
  const fs = new StackedFilesystem();
  const analyzed = layers.map(({ instruction, entries }, index) => {
    const changes = fs.apply(index, entries);
    return { index, instruction, command: instruction.split(' ')[0], changes, size: entries.reduce((s, e) => s + e.size, 0) } as AnalyzedLayer;
  });
  return { layers: analyzed, hidden: fs.hidden, visible: fs.visibleFiles() };
}

test('findings: compilers left in the final image, chmod-only rewrites, and RUN steps to merge', () => {
  const findings = collectFindings(
    contextOf([
      { instruction: 'RUN apt-get install -y build-essential', entries: [file('/usr/bin/gcc-12', 900), dir('/usr/lib/gcc'), file('/usr/lib/gcc/x86_64-linux-gnu/12/cc1', 30000), file('/app/tool', 500)] },
      { instruction: 'RUN chmod 755 /app/tool', entries: [{ ...file('/app/tool', 500), mode: 0o755 }] },
      { instruction: 'RUN rm -rf /app/cache', entries: [whiteout('/app/nothing')] },
    ]),
  );
  const compilers = findings.find((f) => f.kind === 'compilers-in-final');
  assert.deepEqual([compilers?.layer, compilers?.bytes, compilers?.paths], [0, 30900, ['/usr/lib/gcc/x86_64-linux-gnu/12/cc1', '/usr/bin/gcc-12']]);
  assert.match(compilers?.fix ?? '', /COPY --from=build/);
  const chmod = findings.find((f) => f.kind === 'overwritten');
  assert.deepEqual([chmod?.layer, chmod?.relatedLayers, chmod?.bytes], [0, [1], 500]);
  assert.match(chmod?.message ?? '', /identical content/);
  assert.match(chmod?.fix ?? '', /--chmod/);
  const merge = findings.find((f) => f.kind === 'merge-runs');
  assert.deepEqual([merge?.layer, merge?.relatedLayers, merge?.bytes], [0, [1, 2], 500]);
});

test('findings: nothing to say about a lean image', () => {
  assert.deepEqual(collectFindings(contextOf([{ instruction: 'COPY app /app', entries: [file('/app/main', 100)] }, { instruction: 'RUN true', entries: [] }])), []);
});
