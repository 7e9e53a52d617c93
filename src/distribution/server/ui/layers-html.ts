// The layer page of a tag: dive's summary numbers, the findings with what to change, a row per
// layer, then the analyzer's own per-layer trees (renderLayerViewHtml, already escaped).

import type { Analysis } from '../../../analyze/index.js';
import type { UiDescriptor } from './data.js';
import { escapeHtml, humanSize, page, uiPath } from './html.js';

/** What the layer page shows besides the analysis: where it is and which platform was picked. */
export interface LayersPageContext {
  name: string;
  reference: string;
  /** The platform shown, when the reference is an index. */
  platform?: string;
  /** The index's platforms, each a link to its own layer page. */
  platforms: UiDescriptor[];
}

/** Breadcrumbs of a layer page (also used by its error pages). */
export function layersCrumbs(name: string, reference: string): [string, string][] {
  return [['/', 'berth registry'], [uiPath.repository(name), name], [uiPath.manifest(name, reference), reference], [uiPath.layers(name, reference), 'layers']];
}

function platformLinks(context: LayersPageContext): string {
  if (context.platforms.length === 0) return '';
  const links = context.platforms.filter((d) => d.platform).map((d) => {
    const label = escapeHtml(d.platform!);
    return d.platform === context.platform ? `<strong>${label}</strong>` : `<a href="${escapeHtml(`${uiPath.layers(context.name, context.reference)}?platform=${encodeURIComponent(d.platform!)}`)}">${label}</a>`;
  });
  return `<p class="platforms">Platform: ${links.join(' · ')}</p>`;
}

function summary(analysis: Analysis): string {
  const rows: [string, string][] = [
    ['Total size', humanSize(analysis.totalSize)],
    ['Visible in the final filesystem', humanSize(analysis.visibleSize)],
    ['Wasted bytes', `<span class="wasted">${humanSize(analysis.dive.wastedBytes)}</span> (${analysis.dive.wastedBytes} bytes)`],
    ['Efficiency', `${(analysis.dive.efficiency * 100).toFixed(2)} %`],
    ['Wasted share of user layers', `${(analysis.dive.wastedUserPercent * 100).toFixed(2)} %`],
  ];
  return `<table class="summary">${rows.map(([k, v]) => `<tr><th>${k}</th><td class="num">${v}</td></tr>`).join('')}</table>`;
}

function findings(analysis: Analysis): string {
  if (analysis.findings.length === 0) return '<p>No findings.</p>';
  const items = analysis.findings.map((f) => `<li class="finding ${escapeHtml(f.kind)}">Layer ${f.layer}: ${escapeHtml(f.message)} <em>${escapeHtml(f.fix)}</em></li>`);
  return `<ul>${items.join('')}</ul>`;
}

function layerRows(analysis: Analysis): string {
  const head = '<tr><th>#</th><th>Instruction</th><th class="num">Size</th><th class="num">Added</th><th class="num">Modified</th><th class="num">Removed</th></tr>';
  const rows = analysis.layers.map((l) => `<tr class="layer-row"><td>${l.index}</td><td><code>${escapeHtml(l.instruction)}</code></td><td class="num">${humanSize(l.size)}</td>`
    + `<td class="num">${l.stats.added.count}</td><td class="num">${l.stats.modified.count}</td><td class="num">${l.stats.removed.count}</td></tr>`);
  return `<table class="layers">${head}${rows.join('')}</table>`;
}

/** The whole layer page; `views` is renderLayerViewHtml's fragment for the same analysis. */
export function layersPage(context: LayersPageContext, analysis: Analysis, views: string): string {
  const body = [
    platformLinks(context),
    `<p>Image <code>${escapeHtml(analysis.id)}</code></p>`,
    summary(analysis),
    '<h2>Findings</h2>', findings(analysis),
    '<h2>Layers</h2>', layerRows(analysis),
    '<h2>Changes per layer</h2>', views,
  ].join('');
  return page(`${context.name}:${context.reference} layers`, layersCrumbs(context.name, context.reference), body);
}
