import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError } from '../../core/index.js';
import { DigestCache } from './digest-cache.js';
import { DirectoryContext } from './directory.js';
import { loadIgnoreRules } from './ignore.js';
import { readStdinPayload, readText } from './stdin.js';
import type { BuildContext } from './types.js';

/** Where the context and the Dockerfile come from (`berth build [-f FILE] PATH|-`). */
export interface ContextOptions {
  /** Context directory, or `-` for stdin (a tar or a Dockerfile). */
  path: string;
  /** `-f`: a path (relative to the current directory), `-` for stdin; default PATH/Dockerfile. */
  dockerfile?: string;
  /** The stream `-` refers to; default process.stdin. */
  stdin?: Readable;
  /**
   * Directory where a context directory's file digests are kept between builds (one file per
   * context path), so that rebuilds hash only changed files. Default: no persistence.
   */
  digestCacheDir?: string;
}

/** The opened context plus the Dockerfile's text and display name. */
export interface OpenedContext {
  context: BuildContext;
  dockerfileText: string;
  /** Name for messages, e.g. `Dockerfile`. */
  dockerfileName: string;
}

async function readDockerfile(path: string, shown: string): Promise<string> {
  return readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') {
      throw new BerthError('DOCKERFILE_NOT_FOUND', `failed to read dockerfile: open ${shown}: no such file or directory`, {
        hint: 'pass the Dockerfile with -f, or run the build from the directory holding it',
      });
    }
    throw err;
  });
}

/** Opens the build context and reads the Dockerfile, following docker's rules for `-` and `-f`. */
export async function openContext(options: ContextOptions): Promise<OpenedContext> {
  const stdin = options.stdin ?? process.stdin;
  if (options.path === '-') {
    const payload = await readStdinPayload(stdin);
    const dir = payload.kind === 'tar' ? payload.dir : await mkdtemp(join(tmpdir(), 'berth-context-'));
    const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
    try {
      const name = options.dockerfile ?? 'Dockerfile';
      const text = payload.kind === 'dockerfile' ? payload.text : await readDockerfile(join(dir, name), name);
      const rules = await loadIgnoreRules(dir, payload.kind === 'tar' ? join(dir, name) : undefined);
      return { context: new DirectoryContext(dir, rules, cleanup), dockerfileText: text, dockerfileName: name };
    } catch (err) {
      await cleanup();
      throw err;
    }
  }
  const root = resolve(options.path);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new BerthError('CONTEXT_NOT_FOUND', `unable to prepare context: path "${options.path}" not found or not a directory`);
  const cache = options.digestCacheDir ? await DigestCache.load(join(options.digestCacheDir, `${createHash('sha256').update(root).digest('hex')}.json`)) : undefined;
  if (options.dockerfile === '-') {
    const text = await readText(stdin);
    return { context: new DirectoryContext(root, await loadIgnoreRules(root), undefined, cache), dockerfileText: text, dockerfileName: 'Dockerfile' };
  }
  const file = options.dockerfile !== undefined ? resolve(options.dockerfile) : join(root, 'Dockerfile');
  const text = await readDockerfile(file, options.dockerfile ?? 'Dockerfile');
  return { context: new DirectoryContext(root, await loadIgnoreRules(root, file), undefined, cache), dockerfileText: text, dockerfileName: options.dockerfile ?? 'Dockerfile' };
}
