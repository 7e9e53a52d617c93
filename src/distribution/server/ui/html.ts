import type { UiDescriptor, UiManifest, UiRepository } from './data.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Sizes as docker prints them (kB, MB, GB; powers of 1000). */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes}B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)}${units[unit]}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd}
td.num,th.num{text-align:right}code{font:12px ui-monospace,monospace}pre{background:#f6f6f6;padding:1rem;overflow:auto}
nav{margin-bottom:1rem}a{color:#0550ae;text-decoration:none}a:hover{text-decoration:underline}
.added{color:#1a7f37}.modified{color:#9a6700}.removed{color:#cf222e;text-decoration:line-through}ul.tree{list-style:none}`;

/** Response headers of every UI page. */
export const HTML_HEADERS = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };

/** A whole page with the shared layout. */
export function page(title: string, crumbs: [string, string][], body: string): string {
  const nav = crumbs.map(([href, label]) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`).join(' / ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`
    + `<body><nav>${nav}</nav><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function table(headers: string[], rows: string[][], numeric: number[] = []): string {
  const cell = (tag: string, i: number, content: string) => `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${content}</${tag}>`;
  const head = `<tr>${headers.map((h, i) => cell('th', i, escapeHtml(h))).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((c, i) => cell('td', i, c)).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

/** Link helpers: UI paths of a repository, of one of its manifests, and of a manifest's layer analysis. */
export const uiPath = {
  repository: (name: string) => `/ui/r/${name}`,
  manifest: (name: string, reference: string) => `/ui/r/${name}/m/${reference}`,
  layers: (name: string, reference: string) => `/ui/r/${name}/layers/${reference}`,
};

/** The home page: repositories, tag counts, space taken. */
export function homePage(repositories: UiRepository[]): string {
  const rows = repositories.map((r) => [`<a href="${escapeHtml(uiPath.repository(r.name))}">${escapeHtml(r.name)}</a>`, String(r.tags), humanSize(r.bytes)]);
  const total = repositories.reduce((sum, r) => sum + r.bytes, 0);
  const body = repositories.length === 0 ? '<p>No repositories yet: push an image to get started.</p>'
    : `${table(['Repository', 'Tags', 'Size'], rows, [1, 2])}<p>${plural(repositories.length, 'repository', 'repositories')}, ${humanSize(total)} referenced (shared layers counted once per repository).</p>`;
  return page('Repositories', [['/', 'berth registry']], body);
}

/** A repository page: its tags with the digest, type and size each points to. */
export function repositoryPage(name: string, tags: { tag: string; manifest?: UiManifest }[], bytes: number): string {
  const rows = tags.map(({ tag, manifest }) => [
    `<a href="${escapeHtml(uiPath.manifest(name, tag))}">${escapeHtml(tag)}</a>`,
    manifest ? `<code>${escapeHtml(manifest.digest)}</code>` : '',
    escapeHtml(manifest?.mediaType ?? ''),
    manifest ? humanSize(manifest.layers.reduce((sum, l) => sum + l.size, manifest.size + (manifest.config?.size ?? 0))) : '',
  ]);
  const body = `<p>${plural(tags.length, 'tag', 'tags')}, ${humanSize(bytes)}</p>${table(['Tag', 'Digest', 'Type', 'Size'], rows, [3])}`;
  return page(name, [['/', 'berth registry'], [uiPath.repository(name), name]], body);
}

function descriptorRows(name: string, entries: UiDescriptor[], link: boolean): string[][] {
  return entries.map((d) => [
    link ? `<a href="${escapeHtml(uiPath.manifest(name, d.digest))}"><code>${escapeHtml(d.digest)}</code></a>` : `<code>${escapeHtml(d.digest)}</code>`,
    escapeHtml(d.platform ?? d.mediaType),
    humanSize(d.size),
  ]);
}

/** A manifest page: platforms of an index, or config and layers of an image. */
export function manifestPage(name: string, reference: string, manifest: UiManifest): string {
  const parts = [`<p>Digest <code>${escapeHtml(manifest.digest)}</code> · ${escapeHtml(manifest.mediaType)} · ${humanSize(manifest.size)}</p>`];
  if (manifest.config || manifest.manifests.length > 0) {
    parts.push(`<p><a class="layers-link" href="${escapeHtml(uiPath.layers(name, reference))}">layers</a>: what each layer adds, changes and removes, and the wasted bytes</p>`);
  }
  if (manifest.manifests.length > 0) {
    parts.push('<h2>Platforms</h2>', table(['Manifest', 'Platform', 'Size'], descriptorRows(name, manifest.manifests, true), [2]));
  }
  if (manifest.config) {
    const total = manifest.layers.reduce((sum, l) => sum + l.size, 0);
    parts.push(`<h2>Layers</h2><p>${plural(manifest.layers.length, 'layer', 'layers')}, ${humanSize(total)} compressed</p>`, table(['Digest', 'Type', 'Size'], descriptorRows(name, manifest.layers, false), [2]));
    parts.push('<h2>Config</h2>', `<p><code>${escapeHtml(manifest.config.digest)}</code> · ${humanSize(manifest.config.size)}</p>`);
    if (manifest.configJson) parts.push(`<pre class="config">${escapeHtml(manifest.configJson)}</pre>`);
  }
  parts.push('<h2>Manifest</h2>', `<pre class="manifest">${escapeHtml(manifest.raw)}</pre>`);
  return page(`${name}:${reference}`, [['/', 'berth registry'], [uiPath.repository(name), name], [uiPath.manifest(name, reference), reference]], parts.join(''));
}
