// Generic comparison of two builds for the BuildKit parity test: the image config fields docker
// users see, and the root filesystem as a tar (paths, types, modes, owners, link targets, content).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import tar from 'tar-stream';
import type { ContainerConfig } from '../../src/core/index.js';

/** One file of a root filesystem, as compared. */
export interface TreeEntry {
  type: string;
  mode: string;
  owner: string;
  link?: string;
  sha256?: string;
}

/** Reads a rootfs tar into path → entry. Hardlinks become files with their target's content (which one is the link depends on walk order). */
export async function readTree(path: string): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  const hardlinks: Array<[string, string, TreeEntry]> = [];
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.?\/+/, '').replace(/\/+$/, '');
      const hash = createHash('sha256');
      stream.on('data', (d: unknown) => void hash.update(d as Buffer));
      stream.on('end', () => {
        if (name !== '' && name !== '.') {
          const entry: TreeEntry = { type: header.type ?? 'file', mode: ((header.mode ?? 0) & 0o7777).toString(8), owner: `${header.uid}:${header.gid}` };
          if (header.type === 'symlink') entry.link = header.linkname ?? '';
          if (header.type === 'file') entry.sha256 = hash.digest('hex');
          if (header.type === 'link') hardlinks.push([name, (header.linkname ?? '').replace(/^\.?\/+/, ''), entry]);
          else out.set(name, entry);
        }
        next();
      });
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  createReadStream(path).pipe(extract);
  await done;
  for (const [name, target, entry] of hardlinks) out.set(name, { ...entry, type: 'file', sha256: out.get(target)?.sha256 });
  return out;
}

/** Human-readable differences between two trees (empty when equal). */
export function diffTrees(expected: Map<string, TreeEntry>, actual: Map<string, TreeEntry>): string[] {
  const diffs: string[] = [];
  for (const [path, e] of expected) {
    const a = actual.get(path);
    if (!a) diffs.push(`missing in berth: ${path} ${JSON.stringify(e)}`);
    else if (JSON.stringify(a) !== JSON.stringify(e)) diffs.push(`differs: ${path}\n  buildkit ${JSON.stringify(e)}\n  berth    ${JSON.stringify(a)}`);
  }
  for (const path of actual.keys()) if (!expected.has(path)) diffs.push(`extra in berth: ${path} ${JSON.stringify(actual.get(path))}`);
  return diffs;
}

/** The config fields the parity test compares. */
export const CONFIG_FIELDS = ['Env', 'Cmd', 'Entrypoint', 'WorkingDir', 'User', 'ExposedPorts', 'Volumes', 'Labels', 'StopSignal', 'Healthcheck', 'Shell', 'OnBuild'] as const;

function normal(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => normal(v) !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return entries.length === 0 ? undefined : Object.fromEntries(entries.map(([k, v]) => [k, normal(v)]));
  }
  return value;
}

/** Differences between two image configs in the compared fields (null, empty and absent are the same). */
export function diffConfigs(expected: ContainerConfig, actual: ContainerConfig): string[] {
  const diffs: string[] = [];
  for (const field of CONFIG_FIELDS) {
    const e = JSON.stringify(normal(expected[field]));
    const a = JSON.stringify(normal(actual[field]));
    if (e !== a) diffs.push(`${field}: buildkit ${e} berth ${a}`);
  }
  return diffs;
}
