import type { Digest } from '../../../core/index.js';

// Where each part of the registry lives inside a storage driver. Repository names never have a
// component starting with `_`, so `_layers`, `_manifests`… cannot collide with nested names.

function split(digest: Digest): [string, string] {
  const colon = digest.indexOf(':');
  return [digest.slice(0, colon), digest.slice(colon + 1)];
}

/** The content of a blob (layers, configs and manifests alike), shared by every repository. */
export function blobPath(digest: Digest): string {
  const [algorithm, hex] = split(digest);
  return `blobs/${algorithm}/${hex.slice(0, 2)}/${hex}`;
}

/** The folder of every blob, for listing by gc. */
export const BLOBS_ROOT = 'blobs';

/** The folder holding every repository. */
export const REPOSITORIES_ROOT = 'repositories';

/** The link saying that `repository` may serve the blob `digest`. */
export function layerLinkPath(repository: string, digest: Digest): string {
  const [algorithm, hex] = split(digest);
  return `${REPOSITORIES_ROOT}/${repository}/_layers/${algorithm}/${hex}`;
}

/** The link saying that `repository` holds the manifest `digest`; its content is the media type. */
export function revisionPath(repository: string, digest: Digest): string {
  const [algorithm, hex] = split(digest);
  return `${REPOSITORIES_ROOT}/${repository}/_manifests/revisions/${algorithm}/${hex}`;
}

/** The folder of a repository's manifest revisions, one sub-folder per algorithm. */
export function revisionsRoot(repository: string): string {
  return `${REPOSITORIES_ROOT}/${repository}/_manifests/revisions`;
}

/** The folder of a repository's layer links, one sub-folder per algorithm. */
export function layersRoot(repository: string): string {
  return `${REPOSITORIES_ROOT}/${repository}/_layers`;
}

/** The folder of a repository's tags. */
export function tagsRoot(repository: string): string {
  return `${REPOSITORIES_ROOT}/${repository}/_manifests/tags`;
}

/** A tag; its content is the digest it points to. */
export function tagPath(repository: string, tag: string): string {
  return `${tagsRoot(repository)}/${tag}`;
}

/** The folder of the manifests whose subject is `subject`. */
export function referrersRoot(repository: string, subject: Digest): string {
  const [algorithm, hex] = split(subject);
  return `${REPOSITORIES_ROOT}/${repository}/_referrers/${algorithm}/${hex}`;
}

/** One referrer of `subject`; its content is the descriptor the referrers API lists. */
export function referrerPath(repository: string, subject: Digest, referrer: Digest): string {
  const [algorithm, hex] = split(referrer);
  return `${referrersRoot(repository, subject)}/${algorithm}-${hex}`;
}

/** The folder of every upload session. */
export const UPLOADS_ROOT = 'uploads';

/** The bytes received so far by an upload session. */
export function uploadDataPath(id: string): string {
  return `${UPLOADS_ROOT}/${id}/data`;
}

/** The session's record: repository and start time. */
export function uploadInfoPath(id: string): string {
  return `${UPLOADS_ROOT}/${id}/info`;
}

/** Turns `algorithm` + file name back into a digest. */
export function digestFromParts(algorithm: string, hex: string): Digest {
  return `${algorithm}:${hex}`;
}
