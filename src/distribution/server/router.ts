import type { Action, Handler } from './context.js';
import { apiVersion, catalog } from './routes/base.js';
import { deleteBlob, getBlob } from './routes/blobs.js';
import { deleteManifest, getManifest, putManifest } from './routes/manifests.js';
import { listReferrers } from './routes/referrers.js';
import { listTags } from './routes/tags.js';
import { cancelUpload, finishUpload, patchUpload, startUpload, uploadStatus } from './routes/uploads.js';

/** One API route: a path pattern (with `name` and `param` groups) and its handlers by method. */
interface Route {
  /** Stable label for metrics and logs. */
  label: string;
  pattern: RegExp;
  methods: Record<string, Handler>;
}

const NAME = '(?<name>.+?)';
const ROUTES: Route[] = [
  { label: 'base', pattern: /^\/v2\/?$/, methods: { GET: apiVersion, HEAD: apiVersion } },
  { label: 'catalog', pattern: /^\/v2\/_catalog$/, methods: { GET: catalog } },
  { label: 'tags', pattern: new RegExp(`^/v2/${NAME}/tags/list$`), methods: { GET: listTags } },
  {
    label: 'manifest',
    pattern: new RegExp(`^/v2/${NAME}/manifests/(?<param>[^/]+)$`),
    methods: { GET: getManifest, HEAD: getManifest, PUT: putManifest, DELETE: deleteManifest },
  },
  { label: 'upload-start', pattern: new RegExp(`^/v2/${NAME}/blobs/uploads/?$`), methods: { POST: startUpload } },
  {
    label: 'upload',
    pattern: new RegExp(`^/v2/${NAME}/blobs/uploads/(?<param>[^/]+)$`),
    methods: { GET: uploadStatus, PATCH: patchUpload, PUT: finishUpload, DELETE: cancelUpload },
  },
  { label: 'blob', pattern: new RegExp(`^/v2/${NAME}/blobs/(?<param>[^/]+)$`), methods: { GET: getBlob, HEAD: getBlob, DELETE: deleteBlob } },
  { label: 'referrers', pattern: new RegExp(`^/v2/${NAME}/referrers/(?<param>[^/]+)$`), methods: { GET: listReferrers } },
];

/** A matched route: what to run and the access it needs. */
export interface RouteMatch {
  label: string;
  /** Undefined when the path exists but not for this method. */
  handler?: Handler;
  allowed: string[];
  name: string;
  param: string;
  /** The action on `name` the request needs; undefined for /v2/ and the catalog. */
  action?: Action;
}

function actionFor(method: string): Action {
  if (method === 'GET' || method === 'HEAD') return 'pull';
  return method === 'DELETE' ? 'delete' : 'push';
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Finds the route for a raw (undecoded) path; undefined when no API route matches. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const name = match.groups?.name ?? '';
    return {
      label: route.label,
      handler: route.methods[method],
      allowed: Object.keys(route.methods),
      name,
      param: decode(match.groups?.param ?? ''),
      action: name ? actionFor(method) : undefined,
    };
  }
  return undefined;
}
