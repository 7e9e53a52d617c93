import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BigIntStats } from 'node:fs';
import { getAttributeSync } from '../../core/index.js';
import { sortedChildren } from './walk.js';

/** One difference between two trees; `rel` is relative to both roots. */
export interface TreeChange {
  kind: 'A' | 'C' | 'D';
  rel: string;
}

async function lstatBig(path: string): Promise<BigIntStats | undefined> {
  return lstat(path, { bigint: true }).catch(() => undefined);
}

function capability(path: string): Buffer | null {
  try {
    return getAttributeSync(path, 'security.capability');
  } catch {
    return null;
  }
}

/** File type bits of st_mode. */
export const S_IFMT = 0o170000n;

/** moby's sameFsTimeSpec: equal, or the same second with one side lacking nanoseconds (tar round trips drop them). */
function sameTime(a: bigint, b: bigint): boolean {
  const second = 1_000_000_000n;
  return a === b || (a / second === b / second && (a % second === 0n || b % second === 0n));
}

/** Docker's naive-diff rule: mode/owner/rdev always; mtime and size only for non-directories; plus file capabilities and link targets. */
export async function differs(lowerPath: string, upperPath: string, lower: BigIntStats, upper: BigIntStats): Promise<boolean> {
  if (lower.mode !== upper.mode || lower.uid !== upper.uid || lower.gid !== upper.gid || lower.rdev !== upper.rdev) return true;
  if ((upper.mode & S_IFMT) === 0o040000n) return false;
  if (!sameTime(lower.mtimeNs, upper.mtimeNs) || lower.size !== upper.size) return true;
  if (upper.isSymbolicLink()) return (await readlink(lowerPath)) !== (await readlink(upperPath));
  const [a, b] = [capability(lowerPath), capability(upperPath)];
  return !(a === null ? b === null : b !== null && a.equals(b));
}

async function childrenIfDirectory(path: string, stats: BigIntStats | undefined): Promise<string[]> {
  return stats?.isDirectory() ? sortedChildren(path) : [];
}

async function* added(upper: string, rel: string): AsyncGenerator<TreeChange> {
  yield { kind: 'A', rel };
  const stats = await lstatBig(join(upper, rel));
  for (const name of await childrenIfDirectory(join(upper, rel), stats)) yield* added(upper, `${rel}/${name}`);
}

/**
 * Walks two trees side by side (each directory's children in byte order) and yields what
 * changed from `lower` to `upper`. A directory that exists in both and did not change itself is
 * yielded as 'C' just before the first change below it (docker lists such parents, and a layer
 * needs their entries to keep their metadata).
 */
export async function* diffTrees(lower: string, upper: string): AsyncGenerator<TreeChange> {
  yield* diffDirectory(lower, upper, '.', []);
}

async function* diffDirectory(lower: string, upper: string, rel: string, pendingParents: string[]): AsyncGenerator<TreeChange> {
  const lowerDir = rel === '.' ? lower : join(lower, rel);
  const upperDir = rel === '.' ? upper : join(upper, rel);
  const lowerNames = new Set(await sortedChildren(lowerDir));
  const upperNames = new Set(await sortedChildren(upperDir));
  const flushParents = function* (): Generator<TreeChange> {
    for (const parent of pendingParents.splice(0)) yield { kind: 'C', rel: parent };
  };
  const names = [...new Set([...upperNames, ...lowerNames])].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    const childRel = rel === '.' ? name : `${rel}/${name}`;
    const upperStats = upperNames.has(name) ? await lstatBig(join(upper, childRel)) : undefined;
    const lowerStats = lowerNames.has(name) ? await lstatBig(join(lower, childRel)) : undefined;
    if (upperStats === undefined) {
      yield* flushParents();
      yield { kind: 'D', rel: childRel };
    } else if (lowerStats === undefined) {
      yield* flushParents();
      yield* added(upper, childRel);
    } else if ((lowerStats.mode & S_IFMT) !== (upperStats.mode & S_IFMT)) {
      yield* flushParents();
      yield { kind: 'C', rel: childRel };
      for (const child of await childrenIfDirectory(join(upper, childRel), upperStats)) yield* added(upper, `${childRel}/${child}`);
    } else if (await differs(join(lower, childRel), join(upper, childRel), lowerStats, upperStats)) {
      yield* flushParents();
      yield { kind: 'C', rel: childRel };
      if (upperStats.isDirectory()) yield* diffDirectory(lower, upper, childRel, []);
    } else if (upperStats.isDirectory()) {
      const below = [...pendingParents, childRel];
      yield* diffDirectory(lower, upper, childRel, below);
      // The recursion flushed `below` (our pending parents included) if anything changed under it.
      if (below.length === 0) pendingParents.length = 0;
    }
  }
}
