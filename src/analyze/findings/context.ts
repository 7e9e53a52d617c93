import type { HiddenFile, VisibleFile } from '../filesystem.js';
import type { AnalyzedLayer, Finding } from '../types.js';

/** What every finding rule reads. */
export interface FindingContext {
  layers: AnalyzedLayer[];
  hidden: HiddenFile[];
  visible: VisibleFile[];
  /** Path of the Dockerfile whose lines the layers carry (`dockerfileLine`), for locations. */
  dockerfile?: string;
}

/** "layer 3 (RUN apt-get update, line 7)" */
export function layerLabel(layer: AnalyzedLayer): string {
  const line = layer.dockerfileLine === undefined ? '' : `, line ${layer.dockerfileLine}`;
  return `layer ${layer.index}${layer.instruction ? ` (${shorten(layer.instruction, 60)}${line})` : ''}`;
}

/** Text cut to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The paths of the biggest items, at most `count`. */
export function biggestPaths(items: Array<{ path: string; size: number }>, count = 5): string[] {
  return [...items].sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1)).slice(0, count).map((item) => item.path);
}

/** Builds a finding for `layer`. */
export function finding(kind: Finding['kind'], layer: AnalyzedLayer, fields: Omit<Finding, 'kind' | 'layer' | 'instruction' | 'location'>): Finding {
  return { kind, layer: layer.index, instruction: layer.instruction, ...fields };
}

/** Groups items by a string key, keeping first-seen order. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/** Sum of `size` over items. */
export function totalSize(items: Array<{ size: number }>): number {
  return items.reduce((sum, item) => sum + item.size, 0);
}
