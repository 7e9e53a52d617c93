// One analysis: every layer streamed once (two at a time, since decompression and hashing of
// different layers overlap), then stacked in order for changes, dive's metrics and findings.

import type { ChangeKind, FileChange } from './types.js';
import { diveMetrics } from './dive-efficiency.js';
import { StackedFilesystem } from './filesystem.js';
import { collectFindings } from './findings/index.js';
import { layerInstructions } from './instruction.js';
import { scanLayer } from './scan.js';
import type { ImageSource } from './source/types.js';
import type { Analysis, AnalyzedLayer, LayerScan } from './types.js';

/** Options of analyzeImage. */
export interface AnalyzeOptions {
  /** Layers streamed at the same time (default 2). */
  concurrency?: number;
}

/** Analyses an image source (the caller closes it). */
export async function analyzeImage(source: ImageSource, options: AnalyzeOptions = {}): Promise<Analysis> {
  const scans = await scanAll(source, options.concurrency ?? 2);
  const instructions = layerInstructions(source.config.history, scans.length);
  const filesystem = new StackedFilesystem();
  const layers: AnalyzedLayer[] = scans.map((scan, index) => {
    const changes = filesystem.apply(index, scan.entries);
    return { index, digest: scan.digest, diffId: scan.diffId, compressedSize: scan.compressedSize, size: scan.fileBytes, ...instructions[index], changes, stats: changeStats(changes) };
  });
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
    dive: diveMetrics(scans),
    findings: collectFindings({ layers, hidden: filesystem.hidden, visible }),
  };
}

async function scanAll(source: ImageSource, concurrency: number): Promise<LayerScan[]> {
  const diffIds = source.config.rootfs?.diff_ids ?? [];
  const results: Promise<LayerScan>[] = [];
  const running = new Set<Promise<unknown>>();
  for (const [i, layer] of source.layers.entries()) {
    while (running.size >= Math.max(1, concurrency)) await Promise.race(running);
    const scan = scanLayer(layer, diffIds[i]);
    const settled: Promise<boolean> = scan.then(
      () => running.delete(settled),
      () => running.delete(settled),
    );
    running.add(settled);
    results.push(scan);
  }
  return Promise.all(results);
}

function changeStats(changes: FileChange[]): AnalyzedLayer['stats'] {
  const stats = Object.fromEntries((['added', 'modified', 'unchanged', 'removed'] as ChangeKind[]).map((kind) => [kind, { count: 0, bytes: 0 }])) as AnalyzedLayer['stats'];
  for (const change of changes) {
    stats[change.kind].count++;
    stats[change.kind].bytes += change.size;
  }
  return stats;
}
