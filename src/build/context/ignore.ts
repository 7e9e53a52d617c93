import dockerignore from '@balena/dockerignore';
import type { Ignore } from '@balena/dockerignore';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The .dockerignore rules of a context: docker's exact matching through @balena/dockerignore. */
export interface IgnoreRules {
  /** The pattern lines as read (comments and blank lines removed), for messages and cache keys. */
  readonly patterns: string[];
  /** The ignore file the patterns came from, if any. */
  readonly source?: string;
  ignores(path: string): boolean;
  /** True when some `!` pattern may re-include a path below an ignored directory. */
  readonly hasExceptions: boolean;
}

// The package is CommonJS: at run time the default import is the factory itself, its types say otherwise.
const createIgnore = dockerignore as unknown as () => Ignore;

/** Parses .dockerignore text the way docker does: `#` comments, blank lines, leading `/` and `./` dropped. */
export function parseIgnoreText(text: string, source?: string): IgnoreRules {
  const patterns = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const matcher = createIgnore().add(patterns);
  const cache = new Map<string, boolean>();
  return {
    patterns,
    source,
    hasExceptions: patterns.some((p) => p.startsWith('!')),
    ignores(path: string): boolean {
      if (path === '' || patterns.length === 0) return false;
      let hit: boolean | undefined = cache.get(path);
      if (hit === undefined) {
        hit = matcher.ignores(path);
        cache.set(path, hit);
      }
      return hit;
    },
  };
}

/**
 * Loads the ignore rules for a build: `<Dockerfile>.dockerignore` beside the Dockerfile wins over the
 * context's `.dockerignore` (BuildKit's rule); no file means nothing is ignored.
 */
export async function loadIgnoreRules(contextDir: string, dockerfilePath?: string): Promise<IgnoreRules> {
  const candidates = dockerfilePath ? [join(dirname(dockerfilePath), `${basename(dockerfilePath)}.dockerignore`)] : [];
  candidates.push(join(contextDir, '.dockerignore'));
  for (const file of candidates) {
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw err;
    });
    if (text !== undefined) return parseIgnoreText(text, file);
  }
  return parseIgnoreText('');
}
