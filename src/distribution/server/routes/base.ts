import { send } from '../http-util.js';
import type { RouteContext } from '../context.js';
import { paginate } from './pagination.js';

/** `GET /v2/`: the API version check; `{}` once the client is authorized. */
export async function apiVersion(ctx: RouteContext): Promise<void> {
  send(ctx.res, 200, {}, {});
}

/** `GET /v2/_catalog?n=&last=`: the repositories, paginated with a Link header. */
export async function catalog(ctx: RouteContext): Promise<void> {
  const all = await ctx.registry.storage.repositories();
  const visible = all.filter((name) => ctx.grant.allows(name, 'pull'));
  const page = paginate(visible, ctx.url, '/v2/_catalog');
  send(ctx.res, 200, page.headers, { repositories: page.items });
}
