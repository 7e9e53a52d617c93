export { BuildCache } from './store.js';
export type { CacheRecord } from './store.js';
export { cacheKey } from './key.js';
export { pruneBuildCache, buildCacheSize } from './prune.js';
export { removeUnusedLayers } from './unpacked-layers.js';
export type { PruneOptions, PruneResult } from './prune.js';
