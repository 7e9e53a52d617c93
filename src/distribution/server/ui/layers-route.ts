// `/ui/r/<name>/layers/<tag|digest>[?platform=OS/ARCH]`: analyses the image from storage and
// renders the per-layer view. One analysis runs at a time per process (a few more may wait), and
// layers are streamed one at a time, so the page's memory stays bounded whatever is asked.

import type { ServerResponse } from 'node:http';
import { isBerthError, isIndexMediaType, type Digest } from '../../../core/index.js';
import { send } from '../http-util.js';
import type { RegistryStorage } from '../registry-storage.js';
import { DEFAULT_UI_PLATFORM, storageImageSource } from './analysis-source.js';
import { loadManifest } from './data.js';
import { escapeHtml, HTML_HEADERS, page } from './html.js';
import { layersCrumbs, layersPage, type LayersPageContext } from './layers-html.js';
import { OneAtATime } from './one-at-a-time.js';

const analyses = new OneAtATime(4);

const STATUS_OF: Record<string, number> = { IMAGE_NOT_FOUND: 404, PLATFORM_MISMATCH: 404, PLATFORM_INVALID: 400 };

async function render(storage: RegistryStorage, context: LayersPageContext, digest: Digest): Promise<string> {
  const source = await storageImageSource(storage, context.name, digest, context.platform);
  try {
    const { analyzeImage, layerViews, renderLayerViewHtml } = await import('../../../analyze/index.js');
    const analysis = await analyzeImage(source, { concurrency: 1 });
    return layersPage(context, analysis, renderLayerViewHtml(layerViews(analysis)));
  } finally {
    await source.close();
  }
}

/**
 * Answers the layer page of manifest `digest` (named `reference` in `name`); an index shows the
 * entry for `platform` (default linux/amd64). Analysis errors (missing blob, no such platform,
 * a layer not matching its digest) become an error page; 503 when too many analyses are queued.
 */
export async function serveLayersPage(storage: RegistryStorage, res: ServerResponse, name: string, reference: string, digest: Digest, platform: string | null): Promise<void> {
  const top = await storage.manifest(name, digest);
  const isIndex = top !== undefined && isIndexMediaType(top.mediaType);
  const context: LayersPageContext = {
    name, reference, platform: isIndex ? (platform ?? DEFAULT_UI_PLATFORM) : undefined,
    platforms: isIndex ? ((await loadManifest(storage, name, digest))?.manifests ?? []) : [],
  };
  try {
    const html = await analyses.run(() => render(storage, context, digest));
    if (html !== undefined) send(res, 200, HTML_HEADERS, html);
    else send(res, 503, { ...HTML_HEADERS, 'Retry-After': 5 }, page('Busy', layersCrumbs(name, reference), '<p>Other layer analyses are running: reload in a few seconds.</p>'));
  } catch (err) {
    if (!isBerthError(err)) throw err;
    const hint = err.hint ? `<p>${escapeHtml(err.hint)}</p>` : '';
    send(res, STATUS_OF[err.code] ?? 422, HTML_HEADERS, page('Cannot analyse this image', layersCrumbs(name, reference), `<p class="error">${escapeHtml(err.message)}</p>${hint}`));
  }
}
