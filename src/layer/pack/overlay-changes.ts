import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BigIntStats } from 'node:fs';
import { getAttributeSync } from '../../core/index.js';
import type { Change } from '../types.js';
import { byPath } from './diff.js';
import { differs, S_IFMT } from './tree-diff.js';
import { sortedChildren } from './walk.js';

function isWhiteout(stats: BigIntStats): boolean {
  return stats.isCharacterDevice() && stats.rdev === 0n;
}

function isOpaque(path: string): boolean {
  try {
    return getAttributeSync(path, 'trusted.overlay.opaque')?.toString() === 'y';
  } catch {
    return false;
  }
}

async function lstatBig(path: string): Promise<BigIntStats | undefined> {
  return lstat(path, { bigint: true }).catch(() => undefined);
}

/** What the merged lower dirs (top-most first, overlay format) show at `rel`: its host path and stats, or undefined. */
async function lookupInLowers(lowers: string[], rel: string): Promise<{ path: string; stats: BigIntStats } | undefined> {
  let inPlay = lowers;
  const parts = rel.split('/');
  for (let depth = 1; depth <= parts.length; depth++) {
    const prefix = parts.slice(0, depth).join('/');
    let found = false;
    for (const [i, lower] of inPlay.entries()) {
      const stats = await lstatBig(join(lower, prefix));
      if (stats === undefined) continue;
      if (isWhiteout(stats)) return undefined;
      if (depth === parts.length) return { path: join(lower, prefix), stats };
      if (!stats.isDirectory()) return undefined;
      // Layers above this one lack the directory; an opaque one also hides the layers below.
      inPlay = isOpaque(join(lower, prefix)) ? [lower] : inPlay.slice(i);
      found = true;
      break;
    }
    if (!found) return undefined;
  }
  return undefined;
}

/** Names the merged lower dirs show inside directory `rel`. */
async function lowerChildren(lowers: string[], rel: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const lower of lowers) {
    for (const name of await sortedChildren(join(lower, rel)).catch(() => [] as string[])) names.add(name);
  }
  const visible = new Set<string>();
  for (const name of names) if (await lookupInLowers(lowers, `${rel}/${name}`)) visible.add(name);
  return visible;
}

/**
 * The changes an overlay upper dir makes over its lower dirs (top-most first), as `docker diff`
 * prints them: docker 20.10 on this kernel compares the container's tree with its image's (the
 * "naive" diff), so this gives the same answer from the upper dir alone: A for new paths (and
 * everything below them), C for paths whose mode, owner, device, capability or (non-directories)
 * size or mtime changed and for unchanged directories with changes below, D for deleted paths
 * (only the top one). Sorted by path (docker's own order varies from run to run).
 */
export async function overlayChanges(upperDir: string, lowerDirs: string[]): Promise<Change[]> {
  const changes: Change[] = [];
  const record = (kind: Change['kind'], rel: string, parents: string[]) => {
    for (const parent of parents.splice(0)) changes.push({ kind: 'C', path: `/${parent}` });
    changes.push({ kind, path: `/${rel}` });
  };
  const addAll = async (rel: string, parents: string[]): Promise<void> => {
    record('A', rel, parents);
    const stats = await lstatBig(join(upperDir, rel));
    if (!stats?.isDirectory()) return;
    for (const name of await sortedChildren(join(upperDir, rel))) {
      const child = `${rel}/${name}`;
      const childStats = await lstatBig(join(upperDir, child));
      if (childStats && !isWhiteout(childStats)) await addAll(child, parents);
    }
  };
  const visit = async (rel: string, parents: string[]): Promise<void> => {
    const upperNames = await sortedChildren(rel === '.' ? upperDir : join(upperDir, rel));
    if (rel !== '.' && isOpaque(join(upperDir, rel))) {
      const kept = new Set(upperNames);
      for (const name of await lowerChildren(lowerDirs, rel)) if (!kept.has(name)) record('D', `${rel}/${name}`, parents);
    }
    for (const name of upperNames) {
      const child = rel === '.' ? name : `${rel}/${name}`;
      const upper = (await lstatBig(join(upperDir, child)))!;
      const lower = await lookupInLowers(lowerDirs, child);
      if (isWhiteout(upper)) {
        if (lower) record('D', child, parents);
      } else if (lower === undefined) {
        await addAll(child, parents);
      } else if ((lower.stats.mode & S_IFMT) !== (upper.mode & S_IFMT)) {
        record('C', child, parents);
        if (upper.isDirectory()) for (const name2 of await sortedChildren(join(upperDir, child))) await addAll(`${child}/${name2}`, []);
      } else if (await differs(lower.path, join(upperDir, child), lower.stats, upper)) {
        record('C', child, parents);
        if (upper.isDirectory()) await visit(child, []);
      } else if (upper.isDirectory()) {
        const below = [...parents, child];
        await visit(child, below);
        if (below.length === 0) parents.length = 0;
      }
    }
  };
  await visit('.', []);
  return changes.sort(byPath);
}
