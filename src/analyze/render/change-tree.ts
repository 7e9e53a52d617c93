// A layer's changes as a directory tree, with sizes summed up to each directory: the model both
// the text report and the interactive browser draw.

import type { ChangeKind, FileChange } from '../types.js';

/** One node of a change tree. */
export interface ChangeNode {
  name: string;
  path: string;
  /** The layer's own entry for this path, when it has one (directories may be implied). */
  change?: FileChange;
  children: ChangeNode[];
  /** Bytes of the change (file size, or the removed bytes) plus all descendants'. */
  size: number;
  /** Number of changed entries in the subtree, this node included. */
  count: number;
}

/** Builds the tree of `changes` (children sorted by name). */
export function buildChangeTree(changes: FileChange[]): ChangeNode {
  const root: ChangeNode = { name: '/', path: '/', children: [], size: 0, count: 0 };
  const index = new Map<string, ChangeNode>([['/', root]]);
  const nodeFor = (path: string): ChangeNode => {
    const existing = index.get(path);
    if (existing !== undefined) return existing;
    const cut = path.lastIndexOf('/');
    const parent = nodeFor(cut <= 0 ? '/' : path.slice(0, cut));
    const node: ChangeNode = { name: path.slice(cut + 1), path, children: [], size: 0, count: 0 };
    parent.children.push(node);
    index.set(path, node);
    return node;
  };
  for (const change of changes) {
    if (change.path === '/') continue;
    nodeFor(change.path).change = change;
  }
  sum(root);
  return root;
}

function sum(node: ChangeNode): void {
  node.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  node.size = node.change?.size ?? 0;
  node.count = node.change === undefined ? 0 : 1;
  for (const child of node.children) {
    sum(child);
    node.size += child.size;
    node.count += child.count;
  }
}

/** The kind a node shows: its own change's, or for an implied directory the kind of its changes when they all agree. */
export function nodeKind(node: ChangeNode): ChangeKind {
  if (node.change !== undefined && (node.change.type !== 'directory' || node.change.kind === 'removed' || node.children.length === 0)) return node.change.kind;
  const kinds = new Set(node.children.map(nodeKind));
  if (kinds.size === 1) return [...kinds][0];
  return kinds.has('added') || kinds.has('modified') || kinds.has('removed') ? 'modified' : 'unchanged';
}

/** A copy of the tree keeping only nodes whose kind is in `kinds` (and the directories leading to them). */
export function filterTree(node: ChangeNode, kinds: Set<ChangeKind>): ChangeNode | undefined {
  const children = node.children.flatMap((child) => filterTree(child, kinds) ?? []);
  const keep = node.change !== undefined && kinds.has(node.change.kind) && (node.change.type !== 'directory' || node.children.length === 0 || node.change.kind === 'removed');
  if (!keep && children.length === 0 && node.path !== '/') return undefined;
  const copy: ChangeNode = { ...node, children, size: (keep ? (node.change?.size ?? 0) : 0) + children.reduce((s, c) => s + c.size, 0) };
  return copy;
}
