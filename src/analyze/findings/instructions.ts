// Findings about the steps themselves: a COPY of the whole build context, and runs of RUN steps
// that one RUN would merge.

import { humanSize } from '../../cli/format/index.js';
import type { AnalyzedLayer, Finding } from '../types.js';
import { biggestPaths, finding, layerLabel, totalSize, type FindingContext } from './context.js';

const WHOLE_CONTEXT = /^(?:COPY|ADD)(?:\s+--\S+)*\s+\.\/?\s+\S+$/;
const CONTEXT_JUNK = /\/(?:\.git|node_modules|\.venv|__pycache__|\.idea|\.vscode)(?:\/|$)|\/(?:Dockerfile|\.dockerignore|\.env|\.berth-analyze\.yaml)$/;

/** `COPY . DEST`: everything in the context lands in the image. */
export function copyWholeContext({ layers }: FindingContext): Finding[] {
  return layers
    .filter((layer) => WHOLE_CONTEXT.test(layer.instruction))
    .map((layer) => {
      const files = layer.changes.filter((change) => change.kind !== 'removed' && change.type === 'file');
      const junk = files.filter((file) => CONTEXT_JUNK.test(file.path));
      const junkNote = junk.length > 0 ? `, including ${junk.length} file${junk.length === 1 ? '' : 's'} an image rarely needs (${humanSize(totalSize(junk))}: ${biggestPaths(junk, 3).join(', ')})` : '';
      return finding('copy-whole-context', layer, {
        relatedLayers: [],
        bytes: junk.length > 0 ? totalSize(junk) : layer.size,
        paths: biggestPaths(junk.length > 0 ? junk : files),
        message: `${layerLabel(layer)} copies the whole build context: ${files.length} files, ${humanSize(layer.size)}${junkNote}`,
        fix: 'copy only what the image needs (e.g. `COPY package.json src/ /app/`), and list .git, node_modules and build outputs in a .dockerignore',
      });
    });
}

/** Two or more RUN layers in a row: one RUN makes one layer, and files a later step deletes are never stored. */
export function mergeRuns({ layers, hidden }: FindingContext): Finding[] {
  const findings: Finding[] = [];
  for (const run of consecutiveRuns(layers)) {
    const inside = new Set(run.map((layer) => layer.index));
    const saved = hidden.filter((file) => inside.has(file.fromLayer) && inside.has(file.byLayer) && file.fromLayer !== file.byLayer);
    if (run.length < 3 && saved.length === 0) continue;
    const bytes = totalSize(saved);
    const savings = bytes > 0 ? `; ${humanSize(bytes)} that later steps delete or replace would never be stored` : '';
    findings.push(
      finding('merge-runs', run[0], {
        relatedLayers: run.slice(1).map((layer) => layer.index),
        bytes,
        paths: biggestPaths(saved),
        message: `layers ${run[0].index}–${run[run.length - 1].index} are ${run.length} RUN steps in a row (${run.map((layer) => layerLabel(layer)).join(', ')})${savings}`,
        fix: `merge them into one \`RUN … && …\` step: one layer instead of ${run.length}${bytes > 0 ? ', without the deleted files' : ''}`,
      }),
    );
  }
  return findings;
}

function consecutiveRuns(layers: AnalyzedLayer[]): AnalyzedLayer[][] {
  const runs: AnalyzedLayer[][] = [];
  let current: AnalyzedLayer[] = [];
  for (const layer of layers) {
    if (layer.command === 'RUN') current.push(layer);
    else {
      if (current.length >= 2) runs.push(current);
      current = [];
    }
  }
  if (current.length >= 2) runs.push(current);
  return runs;
}
