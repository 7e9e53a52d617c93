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
// updated once per layer, which gives the same lower tree for each whiteout in linear time.

import type { DiveMetrics, LayerScan } from './types.js';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..';

/** A node of a dive file tree: payload (size, directory flag) and children. */
interface Node {
  size: number;
  isDir: boolean;
  children: Map<string, Node>;
}

const newNode = (): Node => ({ size: 0, isDir: false, children: new Map() });

/** Computes dive's metrics from the layers' entries (bottom layer first). */
export function diveMetrics(layers: Pick<LayerScan, 'entries' | 'fileBytes'>[]): DiveMetrics {
  const accumulator = new DiveAccumulator();
  for (const layer of layers) accumulator.add(layer);
  return accumulator.metrics();
}

/** dive's metrics computed layer by layer, bottom first, as the layers' scans arrive. */
export class DiveAccumulator {
  private readonly perPath = new Map<string, { total: number; min: number; count: number }>();
  private stacked?: Node;
  private readonly sizes: number[] = [];

  /** Adds the next layer up. */
  add(layer: Pick<LayerScan, 'entries' | 'fileBytes'>): void {
    const tree = layerTree(layer.entries);
    this.stacked ??= copyTree(tree);
    countLeaves(tree, this.stacked, this.perPath);
    stack(this.stacked, tree);
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
    if (entry.path === '/') continue;
    addPath(root, entry.path, { size: entry.size, isDir: entry.type === 'directory' });
  }
  return root;
}

function addPath(root: Node, path: string, payload: { size: number; isDir: boolean }): void {
  const names = path.split('/').filter((name) => name !== '');
  let node = root;
  for (const [i, name] of names.entries()) {
    let child = node.children.get(name);
    if (child === undefined) {
      if (name.startsWith(OPAQUE)) return;
      child = newNode();
      node.children.set(name, child);
    }
    node = child;
    if (i === names.length - 1) {
      node.size = payload.size;
      node.isDir = payload.isDir;
    }
  }
}

function getNode(root: Node, path: string): Node | undefined {
  let node: Node | undefined = root;
  for (const name of path.split('/')) {
    if (name === '') continue;
    node = node.children.get(name);
    if (node === undefined) return undefined;
  }
  return node;
}

function removePath(root: Node, path: string): void {
  const names = path.split('/').filter((name) => name !== '');
  if (names.length === 0) return;
  const parent = getNode(root, names.slice(0, -1).join('/'));
  parent?.children.delete(names[names.length - 1]);
}

/** Sorted post-order walk (dive's VisitDepthChildFirst); `visit` returning false stops it. */
function walk(node: Node, path: string, visit: (node: Node, name: string, path: string) => boolean): boolean {
  for (const name of [...node.children.keys()].sort()) {
    const child = node.children.get(name) as Node;
    if (!walk(child, `${path}/${name}`, visit)) return false;
    if (!visit(child, name, `${path}/${name}`)) return false;
  }
  return true;
}

function subtreeSize(node: Node): number {
  let size = node.size;
  for (const child of node.children.values()) size += subtreeSize(child);
  return size;
}

function countLeaves(tree: Node, lower: Node, perPath: Map<string, { total: number; min: number; count: number }>): void {
  walk(tree, '', (node, name, fullPath) => {
    if (node.children.size > 0) return true;
    let size = node.size;
    let path = fullPath;
    if (name.startsWith(WHITEOUT)) {
      path = `${fullPath.slice(0, fullPath.length - name.length)}${name.slice(WHITEOUT.length)}`;
      const previous = getNode(lower, path);
      if (previous === undefined) return false;
      size = previous.isDir ? subtreeSize(previous) : 0;
    }
    const data = perPath.get(path);
    if (data === undefined) perPath.set(path, { total: size, min: size, count: 1 });
    else {
      data.total += size;
      data.min = Math.min(data.min, size);
      data.count++;
    }
    return true;
  });
}

/** dive's FileTree.Stack: whiteouts remove, everything else (implicit parents too) is added. */
function stack(lower: Node, upper: Node): void {
  walk(upper, '', (node, name, path) => {
    if (name.startsWith(WHITEOUT)) removePath(lower, `${path.slice(0, path.length - name.length)}${name.slice(WHITEOUT.length)}`);
    else addPath(lower, path, node);
    return true;
  });
}

function copyTree(node: Node): Node {
  return { size: node.size, isDir: node.isDir, children: new Map([...node.children].map(([name, child]) => [name, copyTree(child)])) };
}
