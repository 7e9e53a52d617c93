import { RegistryError } from '../errors.js';
import { send } from '../http-util.js';
import type { RouteContext } from '../context.js';
import { paginate } from './pagination.js';

/** `GET /v2/<name>/tags/list?n=&last=`: a repository's tags, paginated with a Link header. */
export async function listTags(ctx: RouteContext): Promise<void> {
  const tags = await ctx.registry.storage.tags(ctx.name);
  if (tags === undefined) throw new RegistryError('NAME_UNKNOWN', `repository ${ctx.name} is not known to this registry`, { detail: { name: ctx.name } });
  const page = paginate(tags, ctx.url, `/v2/${ctx.name}/tags/list`);
  send(ctx.res, 200, page.headers, { name: ctx.name, tags: page.items });
}
