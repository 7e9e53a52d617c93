// A change tree as text lines (├── / └──), limited in depth and in children per directory so that
// big layers stay readable; what is cut is summarized on one line.

import { humanSize } from '../../cli/format/index.js';
import { nodeKind, type ChangeNode } from './change-tree.js';
import { KIND_MARK, type Style } from './style.js';

/** Limits of a printed tree. */
export interface TreeLimits {
  /** Directory levels shown (deeper content is summed into its directory). */
  depth: number;
  /** Children shown per directory, biggest first. */
  children: number;
}

/** The tree's lines (without the root), each prefixed with `indent`. */
export function treeLines(root: ChangeNode, style: Style, limits: TreeLimits, indent = ''): string[] {
  const lines: string[] = [];
  const visit = (node: ChangeNode, prefix: string, level: number) => {
    const shown = [...node.children].sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1)).slice(0, limits.children);
    shown.sort((a, b) => (a.name < b.name ? -1 : 1));
    const hidden = node.children.length - shown.length;
    shown.forEach((child, i) => {
      const last = i === shown.length - 1 && hidden === 0;
      lines.push(`${indent}${prefix}${last ? '└── ' : '├── '}${nodeLine(child, style, level + 1 >= limits.depth)}`);
      if (level + 1 < limits.depth) visit(child, `${prefix}${last ? '    ' : '│   '}`, level + 1);
    });
    if (hidden > 0) {
      const rest = node.children.filter((child) => !shown.includes(child));
      lines.push(`${indent}${prefix}└── ${style.dim(`… ${hidden} more (${humanSize(rest.reduce((s, c) => s + c.size, 0))})`)}`);
    }
  };
  visit(root, '', 0);
  return lines;
}

function nodeLine(node: ChangeNode, style: Style, cut: boolean): string {
  const kind = nodeKind(node);
  const isDir = node.children.length > 0 || node.change?.type === 'directory';
  const link = node.change?.linkTarget !== undefined && node.change.type === 'symlink' ? ` → ${node.change.linkTarget}` : '';
  const name = `${node.name}${isDir ? '/' : ''}${link}`;
  const more = cut && node.children.length > 0 ? style.dim(` (${node.count} changes)`) : '';
  return `${style.kind(kind, `${KIND_MARK[kind]} ${name}`)} ${style.dim(humanSize(node.size))}${more}`;
}
