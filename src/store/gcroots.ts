// Extra gc roots: blobs kept alive by something other than an image record (the build cache's
// layers, an in-progress pull…). Each owner has one file, gcroots/<owner>.json, holding digests
// (that blob only) or descriptors (a manifest or index descriptor keeps everything it reaches).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError, type Descriptor, type Digest } from '../core/index.js';
import { isNotFound, readdirOrEmpty, writeFileAtomic } from './fsutil.js';

/** One gc root: a bare digest keeps one blob; a descriptor of a manifest or index keeps what it reaches. */
export type GcRoot = Digest | Descriptor;

const OWNER = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The gc root files of a store root. Callers serialize writes with the store lock. */
export class GcRootFiles {
  private readonly dir: string;

  constructor(root: string) {
    this.dir = join(root, 'gcroots');
  }

  private path(owner: string): string {
    if (!OWNER.test(owner)) throw new BerthError('GC_ROOT_OWNER', `invalid gc root owner "${owner}": use lowercase letters, digits, . _ -`);
    return join(this.dir, `${owner}.json`);
  }

  /** The roots of one owner ([] when none). */
  async get(owner: string): Promise<GcRoot[]> {
    try {
      return JSON.parse(await readFile(this.path(owner), 'utf8')) as GcRoot[];
    } catch (err) {
      if (isNotFound(err)) return [];
      throw new BerthError('STORE_CORRUPT', `gc roots ${this.path(owner)} are unreadable: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Replaces the roots of one owner (atomically). */
  async set(owner: string, roots: GcRoot[]): Promise<void> {
    await writeFileAtomic(this.path(owner), JSON.stringify(roots));
  }

  /** Every owner's roots together. */
  async all(): Promise<GcRoot[]> {
    const out: GcRoot[] = [];
    for (const name of await readdirOrEmpty(this.dir)) {
      if (name.endsWith('.json') && OWNER.test(name.slice(0, -5))) out.push(...(await this.get(name.slice(0, -5))));
    }
    return out;
  }
}
