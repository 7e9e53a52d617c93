import { cachedVertex, vertex } from '../progress/index.js';
import type { VertexLog } from '../progress/index.js';
import { addHistory, cloneConfig } from '../image/state.js';
import type { BuiltLayer, ImageState } from '../image/state.js';
import type { StepEnv } from './env.js';

/** How a filesystem step is shown and recorded. */
export interface LayerStepInfo {
  /** Cache key of the step's result. */
  key: string;
  /** Key of the state after the step, when it differs from `key` (`COPY --link` layers do not depend on their parent, later steps do). */
  chainKey?: string;
  /** Progress name, e.g. `[2/4] RUN echo hi`. */
  name: string;
  /** History `created_by`. */
  createdBy: string;
  /** History time fixed by SOURCE_DATE_EPOCH; without it, the time the step's cache record was made. */
  created?: string;
}

/** The state after a step that produced `layer` (none when it changed nothing). */
export function withLayer(state: ImageState, layer: BuiltLayer | undefined, info: LayerStepInfo): ImageState {
  const config = cloneConfig(state.config);
  addHistory(config, info.createdBy, layer === undefined, info.created);
  const layers = layer ? [...state.layers, layer] : state.layers;
  config.rootfs = { type: 'layers', diff_ids: layers.map((l) => l.diffId) };
  return { ...state, config, layers, cacheKey: info.chainKey ?? info.key };
}

/**
 * Runs a filesystem step through the cache: a hit (whose blob still exists) is reported CACHED and
 * reused; a miss runs `work` as a vertex and records its layer under the key. The history entry
 * takes the record's time (BuildKit's layer creation time), so cached rebuilds keep the image ID.
 */
export async function runLayerStep(env: StepEnv, state: ImageState, info: LayerStepInfo, work: (log: VertexLog) => Promise<BuiltLayer | undefined>): Promise<ImageState> {
  if (!env.noCache) {
    const hit = await env.cache.get(info.key);
    if (hit && (hit.layer === undefined || (await env.workspace.store.blobs.has(hit.layer.descriptor.digest)))) {
      cachedVertex(env.progress, info.name);
      return withLayer(state, hit.layer && (await env.workspace.inCompression(hit.layer)), { ...info, created: info.created ?? hit.created });
    }
  }
  const layer = await vertex(env.progress, info.name, work);
  const record = await env.cache.put(info.key, layer, info.createdBy);
  return withLayer(state, layer, { ...info, created: info.created ?? record.created });
}
