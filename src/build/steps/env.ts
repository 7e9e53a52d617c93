import type { BuildContext } from '../context/index.js';
import type { BuildCache } from '../cache/store.js';
import type { ImageState } from '../image/state.js';
import type { ProgressSink } from '../progress/index.js';
import type { SourceTree } from './sources.js';
import type { Workspace } from './workspace.js';

/** A secret given with `--secret id=…,src=…|env=…`. */
export interface SecretSource {
  id: string;
  /** The secret's bytes. */
  data: Buffer;
}

/** What `COPY --from` / `RUN --mount from=` can name: a tree to read plus a key identifying its content. */
export interface FromSource {
  tree: SourceTree;
  /** Identifies the content for cache keys (a stage's cache key, an image's manifest digest). */
  key: string;
  /** Releases mounts made to read the tree. */
  release(): Promise<void>;
}

/** Everything a step needs besides its own instruction. */
export interface StepEnv {
  workspace: Workspace;
  context: BuildContext;
  cache: BuildCache;
  progress: ProgressSink;
  noCache: boolean;
  network: 'default' | 'none' | 'host';
  addHosts: { host: string; ip: string }[];
  secrets: Map<string, SecretSource>;
  signal?: AbortSignal;
  /** Resolves `--from=` (stage name or index, named context, image reference) and opens it for reading. */
  openFrom(name: string): Promise<FromSource>;
  /** The cache identity of `--from=` without opening it (what a cache hit needs). */
  fromKey(name: string): Promise<string>;
}

/** An instruction step's outcome: the new state. */
export type StepResult = ImageState;
