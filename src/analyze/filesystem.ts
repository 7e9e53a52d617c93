// The image's filesystem as its layers stack up (OCI whiteout semantics): each layer's entries
// are classified as added, modified or unchanged against the layers below, its whiteouts as
// removals, and every file version that a later layer hides is remembered with the layer that
// hid it. Only metadata is kept.

import type { EntryType } from '../layer/index.js';
import type { ChangeKind, FileChange, LayerEntry } from './types.js';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** A path's current version in the stacked filesystem. */
interface Version {
  entry: LayerEntry;
  layer: number;
}

interface FsNode {
  version?: Version;
  children?: Map<string, FsNode>;
}

/** A file version that a later layer removed or replaced: its bytes stay in `fromLayer`. */
export interface HiddenFile {
  path: string;
  size: number;
  hash?: string;
  fromLayer: number;
  byLayer: number;
  reason: 'removed' | 'overwritten';
  /** For overwritten files: the new version has the same content (only metadata changed, or nothing). */
  sameContent: boolean;
}

/** A regular file of the final filesystem. */
export interface VisibleFile {
  path: string;
  size: number;
  hash?: string;
  layer: number;
}

/** Stacks layers one by one. */
export class StackedFilesystem {
  private readonly root: FsNode = { children: new Map() };
  /** Every hidden file version, in layer order. */
  readonly hidden: HiddenFile[] = [];

  /** Applies layer `index` and returns its changes (removals first, then entries in tar order). */
  apply(index: number, entries: LayerEntry[]): FileChange[] {
    const changes: FileChange[] = [];
    for (const entry of entries) {
      const name = baseName(entry.path);
      if (name === OPAQUE) this.clearDirectory(parentPath(entry.path), index, changes);
      else if (name.startsWith(WHITEOUT)) this.removePath(`${parentPath(entry.path)}/${name.slice(WHITEOUT.length)}`.replace(/^\/\//, '/'), index, changes);
    }
    for (const entry of entries) {
      if (entry.path === '/' || baseName(entry.path).startsWith(WHITEOUT)) continue;
      changes.push(this.put(entry, index));
    }
    return changes;
  }

  /** Regular files visible after all applied layers. */
  visibleFiles(): VisibleFile[] {
    const out: VisibleFile[] = [];
    const visit = (node: FsNode, path: string) => {
      const entry = node.version?.entry;
      if (entry?.type === 'file') out.push({ path, size: entry.size, hash: entry.hash, layer: (node.version as Version).layer });
      for (const [name, child] of node.children ?? []) visit(child, `${path}/${name}`);
    };
    for (const [name, child] of this.root.children ?? []) visit(child, `/${name}`);
    return out;
  }

  private put(entry: LayerEntry, layer: number): FileChange {
    const node = this.nodeFor(entry.path);
    const previous = node.version;
    let kind: ChangeKind = 'added';
    if (previous !== undefined) {
      kind = sameVersion(previous.entry, entry) ? 'unchanged' : 'modified';
      if (previous.entry.type === 'file') this.hide(entry.path, previous, layer, 'overwritten', previous.entry.hash === entry.hash && entry.type === 'file');
      if (entry.type !== 'directory' && node.children !== undefined) {
        this.hideTree(node, entry.path, layer, 'overwritten');
        node.children = undefined;
      }
    }
    node.version = { entry, layer };
    const change: FileChange = { path: entry.path, kind, type: entry.type, size: entry.size, mode: entry.mode, uid: entry.uid, gid: entry.gid };
    if (entry.linkTarget !== undefined) change.linkTarget = entry.linkTarget;
    if (previous !== undefined) {
      change.previousLayer = previous.layer;
      change.previousSize = previous.entry.size;
    }
    return change;
  }

  private removePath(path: string, layer: number, changes: FileChange[]): void {
    const parent = this.findNode(parentPath(path));
    const name = baseName(path);
    const node = parent?.children?.get(name);
    if (parent === undefined || node === undefined) return;
    parent.children?.delete(name);
    changes.push(this.removal(path, node, layer));
  }

  private clearDirectory(path: string, layer: number, changes: FileChange[]): void {
    const dir = this.findNode(path);
    for (const [name, child] of dir?.children ?? []) changes.push(this.removal(`${path === '/' ? '' : path}/${name}`, child, layer));
    if (dir !== undefined) dir.children = undefined;
  }

  private removal(path: string, node: FsNode, layer: number): FileChange {
    const size = this.hideTree(node, path, layer, 'removed');
    const entry = node.version?.entry;
    const type: EntryType = entry?.type ?? 'directory';
    const change: FileChange = { path, kind: 'removed', type, size, mode: entry?.mode ?? 0, uid: entry?.uid ?? 0, gid: entry?.gid ?? 0 };
    if (node.version !== undefined) change.previousLayer = node.version.layer;
    return change;
  }

  /** Records every file of a subtree (the node included) as hidden; returns their bytes. */
  private hideTree(node: FsNode, path: string, layer: number, reason: HiddenFile['reason']): number {
    let bytes = 0;
    if (node.version?.entry.type === 'file') {
      this.hide(path, node.version, layer, reason, false);
      bytes += node.version.entry.size;
    }
    for (const [name, child] of node.children ?? []) bytes += this.hideTree(child, `${path}/${name}`, layer, reason);
    return bytes;
  }

  private hide(path: string, version: Version, byLayer: number, reason: HiddenFile['reason'], sameContent: boolean): void {
    if (version.entry.size === 0) return;
    this.hidden.push({ path, size: version.entry.size, hash: version.entry.hash, fromLayer: version.layer, byLayer, reason, sameContent });
  }

  private findNode(path: string): FsNode | undefined {
    let node: FsNode | undefined = this.root;
    for (const name of path.split('/')) {
      if (name !== '') node = node?.children?.get(name);
    }
    return node;
  }

  private nodeFor(path: string): FsNode {
    let node = this.root;
    for (const name of path.split('/')) {
      if (name === '') continue;
      node.children ??= new Map();
      let child = node.children.get(name);
      if (child === undefined) node.children.set(name, (child = {}));
      node = child;
    }
    return node;
  }
}

function sameVersion(a: LayerEntry, b: LayerEntry): boolean {
  return a.type === b.type && a.hash === b.hash && a.mode === b.mode && a.uid === b.uid && a.gid === b.gid && a.linkTarget === b.linkTarget;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}
