import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, isDigest, isIndexMediaType, OCI_INDEX, OCI_MANIFEST, type Digest } from '../../core/index.js';
import { RegistryError } from './errors.js';
import type { Descriptor } from './registry-storage.js';

/** A descriptor inside a manifest, as far as the registry needs it. */
export interface ManifestDescriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  /** Foreign (non-distributable) layers live elsewhere and need not be in the registry. */
  foreign: boolean;
}

/** What the registry learns from a manifest it accepts. */
export interface ParsedManifest {
  mediaType: string;
  /** Blobs that must exist in the repository (config and layers). */
  blobs: ManifestDescriptor[];
  /** Manifests that must exist in the repository (an index's entries). */
  manifests: ManifestDescriptor[];
  subject?: ManifestDescriptor;
  /** The artifact type the referrers API reports for this manifest. */
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** Manifest types this registry stores and serves. */
const MANIFEST_MEDIA_TYPES: readonly string[] = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST];
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

function invalid(message: string, detail?: unknown): RegistryError {
  return new RegistryError('MANIFEST_INVALID', `invalid manifest: ${message}`, { detail });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function descriptor(value: unknown, where: string): ManifestDescriptor {
  if (!isObject(value)) throw invalid(`${where} must be a descriptor object`);
  const { mediaType, digest, size, urls } = value;
  if (typeof mediaType !== 'string' || !MEDIA_TYPE.test(mediaType)) throw invalid(`${where}.mediaType must be a media type such as application/vnd.oci.image.layer.v1.tar+gzip`);
  if (typeof digest !== 'string' || !isDigest(digest)) throw invalid(`${where}.digest "${String(digest)}" is not a valid sha256 or sha512 digest`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw invalid(`${where}.size must be a non-negative integer`);
  if (urls !== undefined && (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string'))) throw invalid(`${where}.urls must be a list of strings`);
  if (value.annotations !== undefined) annotations(value.annotations, `${where}.annotations`);
  return { mediaType, digest, size, foreign: Array.isArray(urls) && urls.length > 0 };
}

function annotations(value: unknown, where: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) throw invalid(`${where} must map strings to strings`);
  return value as Record<string, string>;
}

function descriptors(value: unknown, where: string): ManifestDescriptor[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`${where} must be a list of descriptors`);
  return value.map((entry, i) => descriptor(entry, `${where}[${i}]`));
}

/** Which manifest type the body is: its own mediaType, else the Content-Type, else its shape. */
function resolveMediaType(body: Record<string, unknown>, contentType: string | undefined): string {
  const declared = typeof body.mediaType === 'string' ? body.mediaType : undefined;
  const header = contentType?.split(';')[0].trim().toLowerCase();
  const headerType = header && MANIFEST_MEDIA_TYPES.includes(header) ? header : undefined;
  if (declared !== undefined && !MANIFEST_MEDIA_TYPES.includes(declared)) throw invalid(`unsupported mediaType "${declared}" (supported: ${MANIFEST_MEDIA_TYPES.join(', ')})`);
  if (declared && headerType && declared !== headerType) throw invalid(`Content-Type ${headerType} does not match the manifest's mediaType ${declared}`);
  const type = declared ?? headerType ?? (Array.isArray(body.manifests) ? OCI_INDEX : OCI_MANIFEST);
  if ((type === DOCKER_MANIFEST || type === DOCKER_MANIFEST_LIST) && declared === undefined) throw invalid(`a ${type} must carry its mediaType field`);
  return type;
}

/**
 * Parses and checks a pushed manifest (OCI manifest or index, Docker schema 2 manifest or
 * list). Throws MANIFEST_INVALID naming the offending field. Existence of the referenced
 * content is checked by the caller, which has the storage.
 */
export function parseManifest(content: Buffer, contentType: string | undefined): ParsedManifest {
  let body: unknown;
  try {
    body = JSON.parse(content.toString('utf8'));
  } catch (err) {
    throw invalid(`not JSON (${(err as Error).message})`);
  }
  if (!isObject(body)) throw invalid('the top level must be a JSON object');
  if (body.schemaVersion === 1) throw invalid('Docker schema 1 manifests are not supported: push with a current client (schema 2 or OCI)');
  if (body.schemaVersion !== 2) throw invalid('schemaVersion must be 2');
  const mediaType = resolveMediaType(body, contentType);
  const subject = body.subject === undefined ? undefined : descriptor(body.subject, 'subject');
  const ownAnnotations = annotations(body.annotations, 'annotations');
  if (body.artifactType !== undefined && (typeof body.artifactType !== 'string' || !MEDIA_TYPE.test(body.artifactType))) throw invalid('artifactType must be a media type');
  const artifactType = body.artifactType as string | undefined;
  if (isIndexMediaType(mediaType)) {
    if (!Array.isArray(body.manifests)) throw invalid('an index needs a "manifests" list');
    return { mediaType, blobs: [], manifests: descriptors(body.manifests, 'manifests'), subject, artifactType, annotations: ownAnnotations };
  }
  if (body.config === undefined) throw invalid('an image manifest needs a "config" descriptor');
  const config = descriptor(body.config, 'config');
  if (!Array.isArray(body.layers)) throw invalid('an image manifest needs a "layers" list');
  const layers = descriptors(body.layers, 'layers');
  return { mediaType, blobs: [config, ...layers], manifests: [], subject, artifactType: artifactType ?? config.mediaType, annotations: ownAnnotations };
}

/** The descriptor the referrers API lists for a manifest. */
export function referrerDescriptor(parsed: ParsedManifest, digest: Digest, size: number): Descriptor {
  const entry: Descriptor = { mediaType: parsed.mediaType, digest, size };
  if (parsed.artifactType !== undefined) entry.artifactType = parsed.artifactType;
  if (parsed.annotations !== undefined) entry.annotations = parsed.annotations;
  return entry;
}
