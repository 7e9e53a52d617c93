// The build engine: context, solver, steps, cache, exporters and progress events.
//
//   const store = await openStore({ root });
//   const result = await build(store, { contextPath: '.', tags: ['app:1'], progress: (e) => render(e) });
export { build } from './build.js';
export { checkDockerfile, type CheckReport } from './check.js';
export type { BuildOptions, BuildResult } from './build.js';
export { solve, StoreImageResolver, LintViolationError, formatLintViolation } from './solver/index.js';
export type { BuildRequest, BuildOutcome, BaseImage, BaseImageResolver } from './solver/index.js';
export { openContext, loadIgnoreRules, parseIgnoreText } from './context/index.js';
export type { BuildContext, ContextEntry, ContextOptions } from './context/index.js';
export { parseOutput, writeMetadataFile, exportImage, layerCompression } from './export/index.js';
export type { OutputSpec, ExportResult, StoredImage } from './export/index.js';
export { pruneBuildCache, buildCacheSize, BuildCache, removeUnusedLayers } from './cache/index.js';
export type { PruneOptions, PruneResult } from './cache/index.js';
export type { BuildEvent, ProgressSink } from './progress/index.js';
export { BuildStepError, dockerfileExcerpt, formatStepFailure } from './steps/index.js';
export type { SecretSource } from './steps/index.js';
export type { ImageState, BuiltLayer } from './image/state.js';
