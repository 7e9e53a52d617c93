// One analysis: every layer streamed once (several at a time, in worker threads when they are
// local files), then stacked in order for changes, dive's metrics and findings.

import { availableParallelism } from 'node:os';
import type { ChangeKind, FileChange } from './types.js';
import { DiveAccumulator } from './dive-efficiency.js';
import { StackedFilesystem } from './filesystem.js';
import { collectFindings } from './findings/index.js';
import { matchDockerfileLines } from './dockerfile-lines.js';
import { layerInstructions } from './instruction.js';
import { scanLayers } from './scan-pool.js';
import type { ImageSource } from './source/types.js';
import type { Analysis, AnalyzedLayer } from './types.js';

/** Options of analyzeImage. */
export interface AnalyzeOptions {
  /** Layers streamed at the same time (default: the number of cores, at most 4). */
  concurrency?: number;
  /** The Dockerfile the image was built from: findings then name its lines. */
  dockerfile?: { path: string; text: string };
}

/** Analyses an image source (the caller closes it). */
export async function analyzeImage(source: ImageSource, options: AnalyzeOptions = {}): Promise<Analysis> {
  const scans = scanLayers(source, options.concurrency ?? Math.min(4, availableParallelism()));
  const instructions = layerInstructions(source.config.history, scans.length);
  const lines = options.dockerfile === undefined ? [] : matchDockerfileLines(instructions.map((i) => i.instruction), options.dockerfile.text, options.dockerfile.path);
  const filesystem = new StackedFilesystem();
  const dive = new DiveAccumulator();
  const layers: AnalyzedLayer[] = [];
  // Lower layers are stacked while upper ones are still streaming.
  for (const [index, pending] of scans.entries()) {
    const scan = await pending;
    const changes = filesystem.apply(index, scan.entries);
    dive.add(scan);
    scan.entries = []; // stacked: the changes keep what the report needs
    const layer: AnalyzedLayer = { index, digest: scan.digest, diffId: scan.diffId, compressedSize: scan.compressedSize, size: scan.fileBytes, ...instructions[index], changes, stats: changeStats(changes) };
    if (lines[index] !== undefined) layer.dockerfileLine = lines[index];
    layers.push(layer);
  }
  const visible = filesystem.visibleFiles();
  const totalSize = layers.reduce((sum, layer) => sum + layer.size, 0);
  const visibleSize = visible.reduce((sum, file) => sum + file.size, 0);
  return {
    image: source.name,
    id: source.id,
    layers,
    totalSize,
    visibleSize,
    hiddenBytes: totalSize - visibleSize,
    dive: dive.metrics(),
    findings: collectFindings({ layers, hidden: filesystem.hidden, visible, dockerfile: options.dockerfile?.path }),
  };
}

function changeStats(changes: FileChange[]): AnalyzedLayer['stats'] {
  const stats = Object.fromEntries((['added', 'modified', 'unchanged', 'removed'] as ChangeKind[]).map((kind) => [kind, { count: 0, bytes: 0 }])) as AnalyzedLayer['stats'];
  for (const change of changes) {
    stats[change.kind].count++;
    stats[change.kind].bytes += change.size;
  }
  return stats;
}
