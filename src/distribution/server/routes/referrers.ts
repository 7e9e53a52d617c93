import { send } from '../http-util.js';
import { OCI_INDEX } from '../../../core/index.js';
import { requireDigest } from '../names.js';
import type { RouteContext } from '../context.js';

/** `GET /v2/<name>/referrers/<digest>?artifactType=`: an index of the manifests whose subject is the digest. */
export async function listReferrers(ctx: RouteContext): Promise<void> {
  const subject = requireDigest(ctx.param);
  const artifactType = ctx.url.searchParams.get('artifactType');
  let manifests = await ctx.registry.storage.referrers(ctx.name, subject);
  const headers: Record<string, string> = { 'Content-Type': OCI_INDEX };
  if (artifactType !== null) {
    manifests = manifests.filter((entry) => entry.artifactType === artifactType);
    headers['OCI-Filters-Applied'] = 'artifactType';
  }
  send(ctx.res, 200, headers, JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }));
}
