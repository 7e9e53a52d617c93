// The interactive browser's state and key handling, free of terminal I/O: a layer list and the
// selected layer's change tree, with collapsible directories and filters by kind of change.

import { buildChangeTree, filterTree, nodeKind, type ChangeNode } from '../render/change-tree.js';
import type { Analysis, ChangeKind } from '../types.js';

/** What the browser shows. */
export interface BrowseState {
  pane: 'layers' | 'tree';
  layer: number;
  /** Selected row of the tree. */
  row: number;
  /** Collapsed directory paths (per layer: reset when the layer changes). */
  collapsed: Set<string>;
  /** Kinds of change shown. */
  kinds: Set<ChangeKind>;
}

/** One visible row of the tree. */
export interface TreeRow {
  node: ChangeNode;
  depth: number;
  kind: ChangeKind;
  directory: boolean;
  collapsed: boolean;
}

/** The starting state: first layer selected, everything expanded, all kinds shown. */
export function initialState(): BrowseState {
  return { pane: 'layers', layer: 0, row: 0, collapsed: new Set(), kinds: new Set(['added', 'modified', 'removed', 'unchanged']) };
}

/** The rows the tree shows for `state` (collapsed directories hide their content). */
export function treeRows(analysis: Analysis, state: BrowseState): TreeRow[] {
  const layer = analysis.layers[state.layer];
  if (layer === undefined) return [];
  const tree = filterTree(buildChangeTree(layer.changes), state.kinds);
  const rows: TreeRow[] = [];
  const visit = (node: ChangeNode, depth: number) => {
    for (const child of node.children) {
      const directory = child.children.length > 0 || child.change?.type === 'directory';
      const collapsed = state.collapsed.has(child.path);
      rows.push({ node: child, depth, kind: nodeKind(child), directory, collapsed });
      if (!collapsed) visit(child, depth + 1);
    }
  };
  if (tree !== undefined) visit(tree, 0);
  return rows;
}

const FILTER_KEYS: Record<string, ChangeKind> = { a: 'added', m: 'modified', r: 'removed', u: 'unchanged' };

/** Applies one key (names: 'up', 'down', 'tab', 'space', 'enter', 'left', 'right', or a character); 'quit' ends the browser. */
export function handleKey(analysis: Analysis, state: BrowseState, key: string): BrowseState | 'quit' {
  if (key === 'q' || key === 'ctrl-c' || key === 'escape') return 'quit';
  const next: BrowseState = { ...state, collapsed: new Set(state.collapsed), kinds: new Set(state.kinds) };
  const rows = () => treeRows(analysis, next);
  const move = (delta: number) => {
    if (next.pane === 'layers') {
      next.layer = clamp(next.layer + delta, analysis.layers.length - 1);
      next.row = 0;
      next.collapsed = new Set();
    } else next.row = clamp(next.row + delta, rows().length - 1);
  };
  if (key === 'up' || key === 'k') move(-1);
  else if (key === 'down' || key === 'j') move(1);
  else if (key === 'pageup') move(-20);
  else if (key === 'pagedown') move(20);
  else if (key === 'tab') next.pane = next.pane === 'layers' ? 'tree' : 'layers';
  else if (key === 'space' || key === 'enter' || key === 'left' || key === 'right') toggle(next, rows()[next.row], key);
  else if (key in FILTER_KEYS) {
    const kind = FILTER_KEYS[key];
    if (next.kinds.has(kind)) next.kinds.delete(kind);
    else next.kinds.add(kind);
  } else if (key === 'c') {
    for (const row of rows()) if (row.directory) next.collapsed.add(row.node.path);
  } else if (key === 'e') next.collapsed.clear();
  next.row = clamp(next.row, rows().length - 1);
  return next;
}

function toggle(state: BrowseState, row: TreeRow | undefined, key: string): void {
  if (row === undefined || !row.directory) return;
  const collapse = key === 'left' ? true : key === 'right' ? false : !state.collapsed.has(row.node.path);
  if (collapse) state.collapsed.add(row.node.path);
  else state.collapsed.delete(row.node.path);
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(value, Math.max(0, max)));
}
