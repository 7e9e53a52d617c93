import { posix } from 'node:path';
import { BerthError } from '../../core/index.js';
import type { BuildContext, ContextEntry } from '../context/index.js';
import { parseIgnoreText } from '../context/index.js';
import { mapLimit } from '../limit.js';

/** Something files can be copied from: the build context, or a stage or image root filesystem. */
export type SourceTree = Pick<BuildContext, 'root' | 'stat' | 'readdir' | 'fileDigest'>;

/** One entry below a copy source, `rel` relative to the source (`''` for the source itself). */
export interface SourceItem {
  rel: string;
  entry: ContextEntry;
}

/** A matched COPY/ADD source: the (symlink-followed) entry plus everything below it. */
export interface MatchedSource {
  /** Name of the source as written (its basename lands at a directory destination). */
  name: string;
  /** Path used by `--parents` (after a `/./` pivot when there is one). */
  parentsPath: string;
  entry: ContextEntry;
  items: SourceItem[];
}

const GLOB = /[*?[\\]/;

/** Cleans a source path to a relative path inside the tree (`..` can never leave it). */
export function cleanSourcePath(path: string): string {
  return posix.normalize(`/${path}`).slice(1).replace(/\/$/, '');
}

/** Go's filepath.Match for one path component, as a RegExp. */
function componentRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) out += `\\${pattern[++i]}`;
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) throw new BerthError('COPY_BAD_PATTERN', `syntax error in pattern "${pattern}"`);
      const body = pattern.slice(i + 1, close).replace(/^\^/, '!');
      out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = close;
    } else out += ch.replace(/[.+^${}()|\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Follows symlinks in every component of `path`, staying inside the tree (like securejoin). */
async function resolveFollow(tree: SourceTree, path: string): Promise<ContextEntry | undefined> {
  let parts = path === '' ? [] : path.split('/');
  for (let hops = 0, i = 0; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    const entry = await tree.stat(prefix);
    if (entry === undefined) return undefined;
    if (entry.type === 'symlink') {
      if (++hops > 255) throw new BerthError('COPY_SYMLINK_LOOP', `too many levels of symbolic links at "${prefix}"`);
      const target = entry.linkname ?? '';
      const joined = posix.isAbsolute(target) ? target : posix.join(posix.dirname(`/${prefix}`), target);
      parts = [...cleanSourcePath(joined).split('/').filter(Boolean), ...parts.slice(i)];
      i = -1;
      continue;
    }
    if (i === parts.length) return entry;
  }
  return undefined;
}

async function expandGlob(tree: SourceTree, pattern: string): Promise<string[]> {
  let matches = [''];
  for (const part of pattern.split('/')) {
    const next: string[] = [];
    for (const base of matches) {
      if (!GLOB.test(part)) {
        const path = base === '' ? part : `${base}/${part}`;
        if (await tree.stat(path)) next.push(path);
        continue;
      }
      const re = componentRegExp(part);
      const dir = await resolveFollow(tree, base);
      if (dir?.type !== 'dir') continue;
      for (const child of await tree.readdir(dir.path)) if (re.test(posix.basename(child.path))) next.push(base === '' ? posix.basename(child.path) : `${base}/${posix.basename(child.path)}`);
    }
    matches = next;
  }
  return matches;
}

async function collect(tree: SourceTree, entry: ContextEntry, excluded: (rel: string) => boolean): Promise<SourceItem[]> {
  const items: SourceItem[] = [{ rel: '', entry }];
  const walk = async (dir: ContextEntry, rel: string): Promise<void> => {
    for (const child of await tree.readdir(dir.path)) {
      const childRel = rel === '' ? posix.basename(child.path) : `${rel}/${posix.basename(child.path)}`;
      if (excluded(childRel)) continue;
      items.push({ rel: childRel, entry: child });
      if (child.type === 'dir') await walk(child, childRel);
    }
  };
  if (entry.type === 'dir') await walk(entry, '');
  return items;
}

/**
 * Resolves COPY/ADD sources in a tree with docker's rules: wildcards (Go filepath.Match per
 * component), the source path's symlinks followed inside the tree, directories walked (symlinks
 * below them kept), `--exclude` patterns applied. A source that matches nothing is an error.
 */
export async function matchSources(tree: SourceTree, paths: readonly string[], exclude: readonly string[] = []): Promise<MatchedSource[]> {
  const rules = parseIgnoreText(exclude.join('\n'));
  const out: MatchedSource[] = [];
  for (const raw of paths) {
    const clean = cleanSourcePath(raw);
    const found = GLOB.test(clean) ? await expandGlob(tree, clean) : [clean];
    const pivot = raw.lastIndexOf('/./');
    for (const path of found) {
      const entry = await resolveFollow(tree, path);
      if (entry === undefined) {
        throw new BerthError('COPY_SOURCE_NOT_FOUND', `failed to compute cache key: "/${path}" not found: not found`);
      }
      const excluded = rules.patterns.length === 0 ? () => false : (rel: string): boolean => rules.ignores(path === '' ? rel : `${path}/${rel}`) || rules.ignores(rel);
      const parentsPath = pivot >= 0 ? path.slice(cleanSourcePath(raw.slice(0, pivot)).length).replace(/^\//, '') : path;
      out.push({ name: posix.basename(path), parentsPath, entry, items: await collect(tree, entry, excluded) });
    }
    if (found.length === 0) throw new BerthError('COPY_SOURCE_NOT_FOUND', `failed to compute cache key: no source files were specified for "${raw}"`);
  }
  return out;
}

/** A checksum over what the sources would copy: paths, types, modes, link targets and file contents. */
export async function sourcesChecksum(tree: SourceTree, sources: readonly MatchedSource[]): Promise<string[]> {
  const lines: string[] = [];
  for (const source of sources) {
    lines.push(`>${source.name}|${source.parentsPath}`);
    const digests = await mapLimit(source.items, 32, (i) => (i.entry.type === 'file' ? tree.fileDigest(i.entry) : Promise.resolve('')));
    source.items.forEach((item, n) => lines.push(`${item.rel}|${item.entry.type}|${item.entry.mode.toString(8)}|${item.entry.linkname ?? ''}|${digests[n]}`));
  }
  return lines;
}
