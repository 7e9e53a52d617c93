// Node 20 has no compile cache for modules (module.enableCompileCache is Node 22), and compiling
// the one-file `images` bundle is a large share of its start-up, which is benchmarked against
// `node -e 0`. So that bundle is CommonJS, run through a V8 code cache kept beside it.
import { createRequire } from 'node:module';
import type * as Fs from 'node:fs';
import type * as Vm from 'node:vm';

// CommonJS requires, not ES-module imports: importing node:fs as an ES module reads its lazy
// stream getters, which costs milliseconds.
const require = createRequire(import.meta.url);

/** A loaded CommonJS bundle and the way to keep its code cache for the next process. */
export interface CachedBundle<T> {
  exports: T;
  /** Stores the compiled code when there was no usable cache; call it after the work, so lazily compiled functions are in it. */
  saveCache(): void;
}

/**
 * Loads the CommonJS bundle at `url` with the V8 code cache kept beside it, if one matches.
 * V8 checks a cache only against the source's length, so the cache's name carries the bundle's
 * mtime and size and node's version.
 */
export function loadWithCodeCache<T>(url: URL): CachedBundle<T> {
  const file = (require('node:url') as { fileURLToPath(url: URL): string }).fileURLToPath(url);
  const fs = require('node:fs') as typeof Fs;
  const vm = require('node:vm') as typeof Vm;
  const { wrap } = require('node:module') as { wrap(source: string): string };
  const source = fs.readFileSync(file, 'utf8');
  const { mtimeMs, size } = fs.statSync(file);
  const cacheFile = `${file}.${Math.trunc(mtimeMs)}-${size}-${process.version}.cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  const module = { exports: {} as T };
  const dir = file.slice(0, file.lastIndexOf('/'));
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dir);
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    saveCache: () => {
      if (!usable) writeCache(fs, cacheFile, script.createCachedData());
    },
  };
}

/** Temp file, fsync, rename; a cache that cannot be written (a read-only install) is only a slower start. */
function writeCache(fs: typeof Fs, path: string, data: Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = fs.openSync(temp, 'w', 0o644);
    try {
      fs.writeSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}
