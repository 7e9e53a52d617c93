import { readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

// mountinfo escapes space, tab, newline and backslash as \ooo.
function unescapeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** `dir` as mountinfo spells it: symlinks resolved (a temp dir behind a symlink would match nothing otherwise). */
function canonical(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

function pointsUnder(text: string, dir: string): string[] {
  const base = canonical(dir);
  const points = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => unescapeMountPath(line.split(' ')[4]))
    .filter((point) => point === base || point.startsWith(base === '/' ? '/' : `${base}/`));
  // mountinfo lists mounts in mount order; reversed, every mount comes before the one it sits on.
  // A path mounted twice is listed twice: each umount takes off the top one.
  return points.reverse();
}

/** Mount points at or below `dir`, deepest first, read from /proc/self/mountinfo. */
export async function mountPointsUnder(dir: string): Promise<string[]> {
  return pointsUnder(await readFile('/proc/self/mountinfo', 'utf8'), dir);
}

/** {@link mountPointsUnder} for exit handlers, which cannot wait. */
export function mountPointsUnderSync(dir: string): string[] {
  return pointsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), dir);
}
