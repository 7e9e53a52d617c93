import type { Platform } from '../../core/index.js';
import type { Diagnostic } from '../../dockerfile/types.js';
import type { BuildContext } from '../context/index.js';
import type { CacheRecord } from '../cache/store.js';
import type { ImageState } from '../image/state.js';
import type { ProgressSink } from '../progress/index.js';
import type { SecretSource } from '../steps/index.js';
import type { BaseImageResolver } from './resolver.js';

/** Everything one build needs (what `berth build` flags turn into). */
export interface BuildRequest {
  context: BuildContext;
  dockerfileText: string;
  /** Name for messages, default `Dockerfile`. */
  dockerfileName?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  /**
   * Target platform (one); default the host's. Given, it is also written into the image config
   * (os, architecture, variant), whatever the base image's config says, as BuildKit does.
   */
  platform?: Platform;
  /** One of several platforms being built: progress names carry each stage's platform (`[linux/arm/v7 build 2/4]`). */
  multiPlatform?: boolean;
  noCache?: boolean;
  /** `--no-cache-filter`: stage names whose steps ignore the cache. */
  noCacheFilter?: string[];
  /** `--label`: added to the target image's labels. */
  labels?: Record<string, string>;
  network?: 'default' | 'none' | 'host';
  addHosts?: { host: string; ip: string }[];
  secrets?: SecretSource[];
  /** `--build-context name=path|docker-image://ref`. */
  namedContexts?: Record<string, string>;
  /** Compression of the layers this build writes (default none: plain tars, like docker's image store). */
  compression?: 'none' | 'gzip' | 'zstd';
  /** Clamps new files' mtimes and sets `created` (reproducible builds). */
  sourceDateEpoch?: number;
  /** 'copy' forces copy-based snapshots instead of overlayfs (the fallback; default 'auto'). */
  snapshotMode?: 'auto' | 'copy';
  /** `--cache-from type=local,src=DIR` directories, consulted when the local cache misses. */
  cacheFrom?: string[];
  /** Where images come from (default: the local store, pulling images it lacks). */
  resolver?: BaseImageResolver;
  /** Pull FROM / COPY --from images even when the store has them (`--pull`). */
  pull?: boolean;
  progress?: ProgressSink;
  signal?: AbortSignal;
}

/** The built target stage and what the frontend reported. */
export interface BuildOutcome {
  image: ImageState;
  warnings: Diagnostic[];
  /** The cache records this build hit or wrote (what `--cache-to` exports). */
  cacheRecords: CacheRecord[];
}
