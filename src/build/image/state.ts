import type { Descriptor, Digest, HistoryEntry, ImageConfig } from '../../core/index.js';

/** A layer of an image being built: its blob descriptor and its diffID. */
export interface BuiltLayer {
  descriptor: Descriptor;
  diffId: Digest;
}

/** An image at some point of a stage: config, layers and the cache key chaining every step so far. */
export interface ImageState {
  config: ImageConfig;
  layers: BuiltLayer[];
  /** Cache key of the state: a digest over the base and every step applied. */
  cacheKey: string;
  /** True once this stage ran CMD (ENTRYPOINT then keeps it, as in docker). */
  cmdSet: boolean;
}

/** The default PATH docker and BuildKit give processes and scratch images. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The comment BuildKit's Dockerfile frontend writes on every history entry. */
export const HISTORY_COMMENT = 'buildkit.dockerfile.v0';

/** The config BuildKit starts `FROM scratch` with. */
export function scratchConfig(platform: { os: string; architecture: string; variant?: string }): ImageConfig {
  return {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: { Env: [`PATH=${DEFAULT_PATH}`], WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [] },
    history: [],
  };
}

/** A deep copy of an image config (configs are small JSON values). */
export function cloneConfig(config: ImageConfig): ImageConfig {
  return JSON.parse(JSON.stringify(config)) as ImageConfig;
}

/**
 * Appends a history entry the way BuildKit's frontend does. Without `created` (no SOURCE_DATE_EPOCH,
 * a metadata step) the time is filled in at the end of the build (normalizeHistoryTimes).
 */
export function addHistory(config: ImageConfig, createdBy: string, emptyLayer: boolean, created: string | undefined): void {
  const entry: HistoryEntry = created === undefined ? { created_by: createdBy, comment: HISTORY_COMMENT } : { created, created_by: createdBy, comment: HISTORY_COMMENT };
  if (emptyLayer) entry.empty_layer = true;
  (config.history ??= []).push(entry);
}

/** Go's `%q` of a string slice, as BuildKit writes CMD/ENTRYPOINT history: `["echo" "hello"]`. */
export function goQuoteList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}
