import type { ServerResponse } from 'node:http';
import type { Digest } from '../../../core/index.js';
import { send } from '../http-util.js';
import { parseReference } from '../names.js';
import type { RegistryStorage } from '../registry-storage.js';
import { listRepositories, loadManifest, repositoryBytes } from './data.js';
import { HTML_HEADERS as HTML, homePage, manifestPage, page, repositoryPage } from './html.js';
import { serveLayersPage } from './layers-route.js';

const MANIFEST_PAGE = /^\/ui\/r\/(.+)\/m\/([^/]+)$/;
const LAYERS_PAGE = /^\/ui\/r\/(.+)\/layers\/([^/]+)$/;
const REPOSITORY_PAGE = /^\/ui\/r\/(.+)$/;

function notFound(res: ServerResponse, what: string): void {
  send(res, 404, HTML, page('Not found', [['/', 'berth registry']], `<p>${what}</p>`));
}

async function resolve(storage: RegistryStorage, name: string, reference: string): Promise<Digest | undefined> {
  try {
    const parsed = parseReference(reference);
    if (!parsed) return undefined;
    return parsed.kind === 'digest' ? parsed.digest : await storage.resolveTag(name, parsed.tag);
  } catch {
    return undefined;
  }
}

/**
 * The read-only web UI: `/` (and `/ui/`) lists repositories, `/ui/r/<name>` a repository's
 * tags, `/ui/r/<name>/m/<tag|digest>` a manifest (platforms, layers, config),
 * `/ui/r/<name>/layers/<tag|digest>[?platform=]` each layer's file changes and wasted bytes. Pages are
 * rendered on the server: no script, nothing to build. Answers true when the path was its own.
 */
export async function serveUi(storage: RegistryStorage, res: ServerResponse, url: URL): Promise<boolean> {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  if (path === '/' || path === '/ui' || path === '/ui/') {
    send(res, 200, HTML, homePage(await listRepositories(storage)));
    return true;
  }
  const manifestMatch = MANIFEST_PAGE.exec(path);
  if (manifestMatch) {
    const [, name, reference] = manifestMatch;
    const digest = await resolve(storage, name, reference);
    const manifest = digest && (await loadManifest(storage, name, digest));
    if (!manifest) notFound(res, `No manifest ${reference} in ${name}.`);
    else send(res, 200, HTML, manifestPage(name, reference, manifest));
    return true;
  }
  const layersMatch = LAYERS_PAGE.exec(path);
  if (layersMatch) {
    const [, name, reference] = layersMatch;
    const digest = await resolve(storage, name, reference);
    if (!digest || !(await storage.manifest(name, digest))) notFound(res, `No manifest ${reference} in ${name}.`);
    else await serveLayersPage(storage, res, name, reference, digest, url.searchParams.get('platform'));
    return true;
  }
  const repositoryMatch = REPOSITORY_PAGE.exec(path);
  if (repositoryMatch) {
    const name = repositoryMatch[1];
    const tags = await storage.tags(name);
    if (!tags) {
      notFound(res, `No repository ${name}.`);
      return true;
    }
    const rows = [];
    for (const tag of tags) {
      const digest = await storage.resolveTag(name, tag);
      rows.push({ tag, manifest: digest ? await loadManifest(storage, name, digest) : undefined });
    }
    send(res, 200, HTML, repositoryPage(name, rows, await repositoryBytes(storage, name)));
    return true;
  }
  return false;
}
