import { createHash } from 'node:crypto';
import { isIndexMediaType, type Digest } from '../../../core/index.js';
import { RegistryError } from '../errors.js';
import { acceptedTypes, readBody, send } from '../http-util.js';
import { parseManifest, referrerDescriptor, type ManifestDescriptor } from '../manifest-validation.js';
import { parseReference, type ManifestReference } from '../names.js';
import type { RouteContext } from '../context.js';
import type { StoredManifest } from '../registry-storage.js';
import { deletesDisabled } from './blobs.js';

function manifestUnknown(ctx: RouteContext): RegistryError {
  return new RegistryError('MANIFEST_UNKNOWN', `manifest ${ctx.param} is not in repository ${ctx.name}`, { detail: { name: ctx.name, reference: ctx.param } });
}

async function resolve(ctx: RouteContext, reference: ManifestReference | undefined): Promise<Digest | undefined> {
  if (!reference) return undefined;
  return reference.kind === 'digest' ? reference.digest : ctx.registry.storage.resolveTag(ctx.name, reference.tag);
}

/**
 * `GET|HEAD /v2/<name>/manifests/<reference>`: the manifest's exact bytes with its media type.
 * An Accept header that lists neither that type nor a wildcard gets 404, as distribution does
 * (except for a list, where the linux/amd64 image manifest is served if its type is accepted).
 */
export async function getManifest(ctx: RouteContext): Promise<void> {
  let digest = await resolve(ctx, parseReference(ctx.param));
  let manifest = digest && (await ctx.registry.storage.manifest(ctx.name, digest));
  if (!digest || !manifest) throw manifestUnknown(ctx);
  const accepted = acceptedTypes(ctx.req.headers.accept);
  if (accepted.length > 0 && !accepted.includes(manifest.mediaType) && !accepted.includes('*/*')) {
    const fallback = isIndexMediaType(manifest.mediaType) ? await defaultPlatformManifest(ctx, manifest.content, accepted) : undefined;
    if (!fallback) {
      throw new RegistryError('MANIFEST_UNKNOWN', `manifest ${ctx.param} of ${ctx.name} is a ${manifest.mediaType}, which the request's Accept header does not list`, {
        detail: { mediaType: manifest.mediaType, accept: accepted },
      });
    }
    ({ digest, manifest } = fallback);
  }
  const etag = `"${digest}"`;
  const headers = { 'Content-Type': manifest.mediaType, 'Docker-Content-Digest': digest, ETag: etag };
  if (ctx.req.headers['if-none-match'] === etag) {
    ctx.res.writeHead(304, headers);
    ctx.res.end();
    return;
  }
  send(ctx.res, 200, headers, manifest.content);
}

/**
 * For a client that accepts image manifests but not lists (old docker): the linux/amd64 entry
 * of the index, as distribution serves it.
 */
async function defaultPlatformManifest(ctx: RouteContext, content: Buffer, accepted: string[]): Promise<{ digest: Digest; manifest: StoredManifest } | undefined> {
  let entries: { digest?: Digest; mediaType?: string; platform?: { os?: string; architecture?: string } }[] = [];
  try {
    entries = (JSON.parse(content.toString('utf8')) as { manifests?: typeof entries }).manifests ?? [];
  } catch {
    return undefined;
  }
  const entry = entries.find((e) => e.platform?.os === 'linux' && e.platform.architecture === 'amd64' && e.mediaType && accepted.includes(e.mediaType));
  const manifest = entry?.digest && (await ctx.registry.storage.manifest(ctx.name, entry.digest));
  return entry?.digest && manifest ? { digest: entry.digest, manifest } : undefined;
}

/** Checks that every descriptor points at content the repository has, with the right size. */
async function checkReferenced(ctx: RouteContext, descriptors: ManifestDescriptor[], what: string): Promise<void> {
  for (const entry of descriptors) {
    if (entry.foreign) continue;
    const size = await ctx.registry.storage.touchBlob(ctx.name, entry.digest);
    if (size === undefined) {
      throw new RegistryError('MANIFEST_BLOB_UNKNOWN', `manifest references ${what} ${entry.digest}, which is not in repository ${ctx.name}: push it first`, { detail: { digest: entry.digest } });
    }
    if (size !== entry.size) {
      throw new RegistryError('MANIFEST_INVALID', `manifest says ${what} ${entry.digest} has ${entry.size} bytes but it has ${size}`, { detail: { digest: entry.digest, size } });
    }
  }
}

/** `PUT /v2/<name>/manifests/<reference>`: validates and stores a manifest byte for byte. */
export async function putManifest(ctx: RouteContext): Promise<void> {
  const reference = parseReference(ctx.param);
  if (!reference) throw new RegistryError('MANIFEST_INVALID', `invalid tag "${ctx.param}": use up to 128 letters, digits, _ . - not starting with . or -`, { detail: { tag: ctx.param } });
  const content = await readBody(ctx.req, ctx.registry.maxManifestBytes, 'manifest');
  const algorithm = reference.kind === 'digest' ? reference.digest.slice(0, reference.digest.indexOf(':')) : 'sha256';
  const digest = `${algorithm}:${createHash(algorithm).update(content).digest('hex')}` as Digest;
  if (reference.kind === 'digest' && reference.digest !== digest) {
    throw new RegistryError('DIGEST_INVALID', `manifest content has digest ${digest}, not ${reference.digest} as the URL says`, { detail: { expected: reference.digest, actual: digest } });
  }
  const parsed = parseManifest(content, ctx.req.headers['content-type']);
  await checkReferenced(ctx, parsed.blobs, 'blob');
  await checkReferenced(ctx, parsed.manifests, 'manifest');
  const referrer = parsed.subject ? { subject: parsed.subject.digest, descriptor: referrerDescriptor(parsed, digest, content.length) } : undefined;
  await ctx.registry.storage.putManifest(ctx.name, {
    digest, content, mediaType: parsed.mediaType, tag: reference.kind === 'tag' ? reference.tag : undefined, referrer,
  });
  const headers: Record<string, string> = { Location: `/v2/${ctx.name}/manifests/${digest}`, 'Docker-Content-Digest': digest };
  if (parsed.subject) headers['OCI-Subject'] = parsed.subject.digest;
  send(ctx.res, 201, headers);
}

/** The subject digest of a stored manifest, to drop its referrer entry with it. */
function subjectOf(content: Buffer): Digest | undefined {
  try {
    const body = JSON.parse(content.toString('utf8')) as { subject?: { digest?: Digest } };
    return body.subject?.digest;
  } catch {
    return undefined;
  }
}

/** `DELETE /v2/<name>/manifests/<reference>`: a digest deletes the manifest and its tags; a tag only the tag. */
export async function deleteManifest(ctx: RouteContext): Promise<void> {
  const reference = parseReference(ctx.param);
  if (!ctx.registry.deleteEnabled) throw deletesDisabled();
  const { storage } = ctx.registry;
  if (!reference) throw manifestUnknown(ctx);
  if (reference.kind === 'tag') {
    if (!(await storage.deleteTag(ctx.name, reference.tag))) throw manifestUnknown(ctx);
  } else {
    const manifest = await storage.manifest(ctx.name, reference.digest);
    if (!manifest || !(await storage.deleteManifest(ctx.name, reference.digest, subjectOf(manifest.content)))) throw manifestUnknown(ctx);
  }
  send(ctx.res, 202, {});
}
