// A second, deliberately naive implementation of dive's efficiency (a line-by-line port of
// wagoodman/dive's filetree: AddPath, Stack, StackTreeRange re-stacked for every whiteout,
// VisitDepthChildFirst, Efficiency, Analyze) over tar entries read with tar-stream and zlib, so
// the analyzer's numbers are checked against an independent reading of the same layers.

import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

interface FileInfo {
  size: number;
  isDir: boolean;
}

class FileNode {
  children = new Map<string, FileNode>();
  constructor(
    public name: string,
    public parent: FileNode | undefined,
    public data: FileInfo,
  ) {}

  path(): string {
    const names: string[] = [];
    for (let node: FileNode | undefined = this; node?.parent !== undefined; node = node.parent) {
      names.unshift(node === this ? node.name.replace(/^\.wh\./, '') : node.name);
    }
    return `/${names.join('/')}`.replace(/\/\//g, '/');
  }

  isWhiteout(): boolean {
    return this.name.startsWith('.wh.');
  }

  isLeaf(): boolean {
    return this.children.size === 0;
  }

  /** Returns an error text to stop, like Go's error return. */
  visitDepthChildFirst(visitor: (node: FileNode) => string | undefined, evaluator?: (node: FileNode) => boolean, root?: FileNode): string | undefined {
    for (const key of [...this.children.keys()].sort()) {
      const err = (this.children.get(key) as FileNode).visitDepthChildFirst(visitor, evaluator, root);
      if (err !== undefined) return err;
    }
    if (this === root) return undefined;
    if (evaluator === undefined || evaluator(this)) return visitor(this);
    return undefined;
  }

  copy(parent: FileNode | undefined): FileNode {
    const node = new FileNode(this.name, parent, { ...this.data });
    for (const [name, child] of this.children) node.children.set(name, child.copy(node));
    return node;
  }
}

class FileTree {
  root = new FileNode('', undefined, { size: 0, isDir: false });

  addPath(path: string, data: FileInfo): void {
    const names = path.replace(/^\/+|\/+$/g, '').split('/');
    let node = this.root;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (name === '') continue;
      const existing = node.children.get(name);
      if (existing !== undefined) node = existing;
      else {
        if (name.startsWith('.wh..wh..')) return;
        const child = new FileNode(name, node, { size: 0, isDir: false });
        node.children.set(name, child);
        node = child;
      }
      if (i === names.length - 1) node.data = { ...data };
    }
  }

  getNode(path: string): FileNode | undefined {
    let node: FileNode | undefined = this.root;
    for (const name of path.replace(/^\/+|\/+$/g, '').split('/')) {
      if (name === '') continue;
      node = node.children.get(name);
      if (node === undefined) return undefined;
    }
    return node;
  }

  removePath(path: string): void {
    const node = this.getNode(path);
    if (node?.parent !== undefined) node.parent.children.delete(node.name);
  }

  visit(visitor: (node: FileNode) => string | undefined, evaluator?: (node: FileNode) => boolean): string | undefined {
    return this.root.visitDepthChildFirst(visitor, evaluator, this.root);
  }

  copy(): FileTree {
    const tree = new FileTree();
    tree.root = this.root.copy(undefined);
    return tree;
  }

  stack(upper: FileTree): void {
    upper.visit((node) => {
      if (node.isWhiteout()) this.removePath(node.path());
      else this.addPath(node.path(), node.data);
      return undefined;
    });
  }
}

function stackTreeRange(trees: FileTree[], start: number, stop: number): FileTree {
  const tree = trees[0].copy();
  for (let i = start; i <= stop; i++) tree.stack(trees[i]);
  return tree;
}

/** dive's Efficiency + Analyze over the layer trees. */
function efficiency(trees: FileTree[], layerSizes: number[]): { efficiency: number; wastedBytes: number; wastedUserPercent: number } {
  const map = new Map<string, { cumulative: number; min: number; nodes: number }>();
  let currentTree = 0;
  const visitor = (node: FileNode): string | undefined => {
    const path = node.path();
    if (!map.has(path)) map.set(path, { cumulative: 0, min: -1, nodes: 0 });
    const data = map.get(path) as { cumulative: number; min: number; nodes: number };
    let size = 0;
    if (node.isWhiteout()) {
      const previous = stackTreeRange(trees, 0, currentTree - 1).getNode(path);
      if (previous === undefined) return `path does not exist: ${path}`;
      if (previous.data.isDir) {
        previous.visitDepthChildFirst((n) => {
          size += n.data.size;
          return undefined;
        });
      }
    } else size = node.data.size;
    data.cumulative += size;
    if (data.min < 0 || size < data.min) data.min = size;
    data.nodes++;
    return undefined;
  };
  for (const [i, tree] of trees.entries()) {
    currentTree = i;
    tree.visit(visitor, (node) => node.isLeaf());
  }
  let minimum = 0;
  let discovered = 0;
  let wastedBytes = 0;
  for (const value of map.values()) {
    minimum += value.min;
    discovered += value.cumulative;
    if (value.nodes >= 2) wastedBytes += value.cumulative;
  }
  const userSize = layerSizes.slice(1).reduce((a, b) => a + b, 0);
  return { efficiency: discovered === 0 ? 1 : minimum / discovered, wastedBytes, wastedUserPercent: wastedBytes / userSize };
}

/** Reads one layer blob (gzip or plain tar) into a dive tree and its size. */
async function layerTree(blob: Readable): Promise<{ tree: FileTree; size: number }> {
  const chunks: Buffer[] = [];
  for await (const chunk of blob) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? Readable.from([bytes]).pipe(createGunzip()) : Readable.from([bytes]);
  const tree = new FileTree();
  let size = 0;
  const extract = tar.extract();
  plain.pipe(extract);
  for await (const entry of extract) {
    const name = entry.header.name.split('/').filter((p) => p !== '' && p !== '.').join('/');
    entry.resume();
    if (name === '') continue;
    const entrySize = entry.header.type === 'file' || entry.header.type === 'contiguous-file' ? entry.header.size ?? 0 : 0;
    size += entrySize;
    tree.addPath(`/${name}`, { size: entrySize, isDir: entry.header.type === 'directory' });
  }
  return { tree, size };
}

/** dive's efficiency, wasted bytes and user-wasted ratio of the layers (bottom first). */
export async function referenceDiveMetrics(openLayers: Array<() => Promise<Readable>>): Promise<{ efficiency: number; wastedBytes: number; wastedUserPercent: number }> {
  const layers = [];
  for (const open of openLayers) layers.push(await layerTree(await open()));
  return efficiency(layers.map((l) => l.tree), layers.map((l) => l.size));
}
