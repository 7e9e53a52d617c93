// dive's efficiency score and wasted bytes, reproduced rule for rule from wagoodman/dive
// (filetree/efficiency.go, image/analysis.go) so that the numbers compare on the same image:
//
// - Each layer is a tree built from its tar entries; parents without an entry of their own are
//   implicit nodes of size 0 that are not directories; `.wh..wh..*` entries (opaque markers) are
//   ignored, but their parent directories are created.
// - Only leaves of each layer's tree are visited, in sorted depth-first order. A leaf counts its
//   own size; a whiteout leaf (`.wh.NAME`) counts, for NAME, the total size of the subtree NAME
//   had in the layers below when that was a directory, and 0 otherwise. A whiteout of a path the
//   layers below do not have stops dive's walk of that layer (the leaves after it are not counted).
// - Per path: the sum of all counted sizes and the smallest one. efficiency = Σ smallest / Σ all
//   (1 when nothing was counted); wasted bytes = Σ all, over the paths counted more than once.
// - Layer size = Σ entry sizes; user size = all layers but the first; user wasted = wasted/user.
//
// Unlike dive, which re-stacks all lower trees for every whiteout, the stacked tree is kept and
// updated once per layer, walked side by side with the layer's tree: the same lower tree for each
// whiteout, in linear time.

import type { DiveMetrics, LayerScan } from './types.js';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..';

/** A node of a dive file tree: payload (size, directory flag) and children (created on demand). */
interface Node {
  size: number;
  isDir: boolean;
  children?: Map<string, Node>;
  /** Child names in Go's sort order, cached on a complete layer tree (never on the stacked tree). */
  sorted?: string[];
}

type PerPath = Map<string, { total: number; min: number; count: number }>;

const newNode = (): Node => ({ size: 0, isDir: false });

/** Computes dive's metrics from the layers' entries (bottom layer first). */
export function diveMetrics(layers: Pick<LayerScan, 'entries' | 'fileBytes'>[]): DiveMetrics {
  const accumulator = new DiveAccumulator();
  for (const layer of layers) accumulator.add(layer);
  return accumulator.metrics();
}

/** dive's metrics computed layer by layer, bottom first, as the layers' scans arrive. */
export class DiveAccumulator {
  private readonly perPath: PerPath = new Map();
  private stacked?: Node;
  private readonly sizes: number[] = [];

  /** Adds the next layer up. */
  add(layer: Pick<LayerScan, 'entries' | 'fileBytes'>): void {
    const tree = layerTree(layer.entries);
    this.stacked ??= copyTree(tree);
    countLeaves(tree, this.stacked, '', this.perPath);
    stackInto(this.stacked, tree);
    this.sizes.push(layer.fileBytes);
  }

  /** The metrics of the layers added so far. */
  metrics(): DiveMetrics {
    let minimum = 0;
    let discovered = 0;
    let wastedBytes = 0;
    const inefficiencies: DiveMetrics['inefficiencies'] = [];
    for (const [path, data] of this.perPath) {
      minimum += data.min;
      discovered += data.total;
      if (data.count >= 2) {
        wastedBytes += data.total;
        inefficiencies.push({ path, count: data.count, wastedBytes: data.total });
      }
    }
    inefficiencies.sort((a, b) => b.wastedBytes - a.wastedBytes || (a.path < b.path ? -1 : 1));
    const sizeBytes = this.sizes.reduce((sum, size) => sum + size, 0);
    const userSizeBytes = sizeBytes - (this.sizes[0] ?? 0);
    return {
      efficiency: discovered === 0 ? 1 : minimum / discovered,
      wastedBytes,
      sizeBytes,
      userSizeBytes,
      wastedUserPercent: wastedBytes / userSizeBytes,
      inefficiencies,
    };
  }
}

/** dive's FileTree.AddPath over a layer's entries (the root entry `.` skipped). */
function layerTree(entries: LayerScan['entries']): Node {
  const root = newNode();
  for (const entry of entries) {
    if (entry.path !== '/') addPath(root, entry.path, entry.size, entry.type === 'directory');
  }
  return root;
}

/** Creates missing parents as implicit nodes, stops at an opaque marker, sets the payload at the end. */
function addPath(root: Node, path: string, size: number, isDir: boolean): void {
  let node = root;
  let start = 1;
  while (start <= path.length) {
    let end = path.indexOf('/', start);
    if (end < 0) end = path.length;
    if (end > start) {
      const name = path.slice(start, end);
      node.children ??= new Map();
      let child = node.children.get(name);
      if (child === undefined) {
        if (name.startsWith(OPAQUE)) return;
        child = newNode();
        node.children.set(name, child);
      }
      node = child;
    }
    start = end + 1;
  }
  if (node !== root) {
    node.size = size;
    node.isDir = isDir;
  }
}

function sortedNames(node: Node): string[] {
  node.sorted ??= node.children === undefined ? [] : [...node.children.keys()].sort();
  return node.sorted;
}

function subtreeSize(node: Node): number {
  let size = node.size;
  for (const child of node.children?.values() ?? []) size += subtreeSize(child);
  return size;
}

/**
 * dive's visit of a layer's leaves (sorted, children first) with `lower` the stacked node at the
 * same path (undefined when the lower layers lack it). Returns false when dive stops the walk.
 */
function countLeaves(node: Node, lower: Node | undefined, path: string, perPath: PerPath): boolean {
  for (const name of sortedNames(node)) {
    const child = node.children?.get(name) as Node;
    const lowerChild = lower?.children?.get(name);
    if (child.children !== undefined && child.children.size > 0) {
      if (!countLeaves(child, lowerChild, `${path}/${name}`, perPath)) return false;
      continue;
    }
    let size = child.size;
    let key = `${path}/${name}`;
    if (name.startsWith(WHITEOUT)) {
      const target = name.slice(WHITEOUT.length);
      const previous = lower?.children?.get(target);
      if (previous === undefined) return false;
      size = previous.isDir ? subtreeSize(previous) : 0;
      key = `${path}/${target}`;
    }
    const data = perPath.get(key);
    if (data === undefined) perPath.set(key, { total: size, min: size, count: 1 });
    else {
      data.total += size;
      data.min = Math.min(data.min, size);
      data.count++;
    }
  }
  return true;
}

/** dive's FileTree.Stack: whiteouts remove, everything else (implicit parents too) is added, children first. */
function stackInto(lower: Node, upper: Node): void {
  for (const name of sortedNames(upper)) {
    const child = upper.children?.get(name) as Node;
    lower.children ??= new Map();
    if (child.children !== undefined && child.children.size > 0) {
      let target = lower.children.get(name);
      if (target === undefined) lower.children.set(name, (target = newNode()));
      stackInto(target, child);
    }
    if (name.startsWith(WHITEOUT)) {
      lower.children.delete(name.slice(WHITEOUT.length));
      continue;
    }
    const target = lower.children.get(name);
    if (target === undefined) lower.children.set(name, { size: child.size, isDir: child.isDir });
    else {
      target.size = child.size;
      target.isDir = child.isDir;
    }
  }
}

function copyTree(node: Node): Node {
  const copy: Node = { size: node.size, isDir: node.isDir };
  if (node.children !== undefined) copy.children = new Map([...node.children].map(([name, child]) => [name, copyTree(child)]));
  return copy;
}
