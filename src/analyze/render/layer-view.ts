// The per-layer view for other front ends (the registry's web page for a tag): plain data with
// each layer's instruction, sizes, counts and change tree (limited so a page stays small), plus
// an HTML fragment rendering of it with everything escaped.

import { humanSize } from '../../cli/format/index.js';
import type { Analysis, ChangeKind } from '../types.js';
import { buildChangeTree, nodeKind, type ChangeNode } from './change-tree.js';

/** One node of a view tree. */
export interface LayerViewNode {
  name: string;
  path: string;
  kind: ChangeKind;
  size: number;
  directory: boolean;
  /** Children (biggest first, at most `maxChildren`); `omitted` counts the others. */
  children: LayerViewNode[];
  omitted: number;
}

/** One layer as the web page shows it. */
export interface LayerView {
  index: number;
  digest: string;
  instruction: string;
  size: number;
  compressedSize: number;
  stats: Analysis['layers'][number]['stats'];
  tree: LayerViewNode[];
}

/** The layers of an analysis as view data (`maxDepth` directory levels, `maxChildren` per directory). */
export function layerViews(analysis: Analysis, limits: { maxDepth?: number; maxChildren?: number } = {}): LayerView[] {
  const maxDepth = limits.maxDepth ?? 4;
  const maxChildren = limits.maxChildren ?? 50;
  const convert = (node: ChangeNode, depth: number): LayerViewNode => {
    const sorted = [...node.children].sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1));
    const shown = depth < maxDepth ? sorted.slice(0, maxChildren) : [];
    return {
      name: node.name,
      path: node.path,
      kind: nodeKind(node),
      size: node.size,
      directory: node.children.length > 0 || node.change?.type === 'directory',
      children: shown.map((child) => convert(child, depth + 1)),
      omitted: node.children.length - shown.length,
    };
  };
  return analysis.layers.map((layer) => ({
    index: layer.index,
    digest: layer.digest,
    instruction: layer.instruction,
    size: layer.size,
    compressedSize: layer.compressedSize,
    stats: layer.stats,
    tree: buildChangeTree(layer.changes).children.map((child) => convert(child, 1)),
  }));
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The layer views as an HTML fragment (nested <details> per directory; classes `added`, `modified`, `removed`, `unchanged`). */
export function renderLayerViewHtml(views: LayerView[]): string {
  const node = (n: LayerViewNode): string => {
    const label = `<span class="${n.kind}">${escape(n.name)}${n.directory ? '/' : ''}</span> <small>${humanSize(n.size)}</small>`;
    if (n.children.length === 0) return `<li>${label}${n.omitted > 0 ? ` <small>(${n.omitted} more)</small>` : ''}</li>`;
    const more = n.omitted > 0 ? `<li><small>… ${n.omitted} more</small></li>` : '';
    return `<li><details><summary>${label}</summary><ul>${n.children.map(node).join('')}${more}</ul></details></li>`;
  };
  return views
    .map((v) => `<section class="layer"><h3>Layer ${v.index} · ${humanSize(v.size)}</h3><pre>${escape(v.instruction)}</pre><ul class="tree">${v.tree.map(node).join('')}</ul></section>`)
    .join('\n');
}
