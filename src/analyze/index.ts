/**
 * Layer analysis (`berth analyze`): streams every layer of an image once, keeps per-path
 * metadata only, and derives each layer's changes (added / modified / unchanged / removed),
 * dive's efficiency and wasted bytes (computed exactly as dive does), and findings that say why
 * bytes are wasted, which layer and instruction caused it, and what to change.
 *
 *   const source = await openSource('myimage:latest', { store: () => openStore() });
 *   const analysis = await analyzeImage(source); await source.close();
 *   renderText(analysis, { colour: false });
 *
 * Sources: the store, `docker-archive:FILE`, `oci-archive:FILE`, `oci:DIR` (read in place), and
 * registries (`docker://REF`, or a `host/repo` reference the store lacks), streamed without
 * pulling. Other places plug in as a SourceResolver (ImageSource is the interface to implement).
 * For the registry's web page: `layerViews(analysis)` (data) and `renderLayerViewHtml(views)`.
 *
 * Error codes: IMAGE_NOT_FOUND, ARCHIVE_INVALID, INPUT_OPEN, REGISTRY_* (sources); LAYER_CORRUPT (a layer
 * does not match its digest or diff_id); CONFIG_INVALID (.berth-analyze.yaml); INVALID_FLAG.
 */
export type { Analysis, AnalyzedLayer, ChangeKind, DiveMetrics, FileChange, Finding, FindingKind, LayerEntry, LayerScan } from './types.js';
export type { ImageSource, SourceLayer, SourceResolver } from './source/types.js';
export { openSource, type OpenSourceOptions } from './source/open.js';
export { registrySource } from './source/registry.js';
export { analyzeImage, type AnalyzeOptions } from './analyze.js';
export { scanLayer } from './scan.js';
export { diveMetrics } from './dive-efficiency.js';
export { DEFAULT_CI_RULES, evaluateCi, parseBytes, readCiConfig, type CiRules, type CiRuleResult } from './ci.js';
export { renderText, renderCi, type TextOptions } from './render/text.js';
export { renderJson } from './render/json.js';
export { layerViews, renderLayerViewHtml, type LayerView, type LayerViewNode } from './render/layer-view.js';
export { runAnalyzeCommand, type AnalyzeCommandOptions, type AnalyzeIo } from './command.js';
