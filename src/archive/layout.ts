// Names inside image archives: the OCI layout (`oci-layout`, `index.json`, `blobs/ALG/HEX`) and
// docker's `docker save` files (`manifest.json`, `repositories`, legacy `ID/{VERSION,json,layer.tar}`
// and `HEX.json` configs).

import { isDigest, type Digest } from '../core/index.js';

/** The OCI layout marker file. */
export const OCI_LAYOUT_FILE = 'oci-layout';
/** The OCI layout's top-level index. */
export const INDEX_FILE = 'index.json';
/** docker-archive's list of images. */
export const DOCKER_MANIFEST_FILE = 'manifest.json';
/** docker-archive's legacy repository → tag → layer ID map. */
export const REPOSITORIES_FILE = 'repositories';
/** Annotation holding the full image name (containerd, docker 25+). */
export const ANNOTATION_IMAGE_NAME = 'io.containerd.image.name';
/** OCI annotation holding the reference name (a tag, or a full reference). */
export const ANNOTATION_REF_NAME = 'org.opencontainers.image.ref.name';
/** The `oci-layout` content we write. */
export const OCI_LAYOUT_VERSION = '1.0.0';

/** One entry of docker-archive's manifest.json. */
export interface DockerArchiveEntry {
  /** Path of the config JSON inside the archive. */
  Config: string;
  /** Familiar `name:tag` strings, or null for an image saved by ID. */
  RepoTags: string[] | null;
  /** Paths of the layer tars inside the archive, base layer first. */
  Layers: string[];
  /** Descriptors of foreign layers, keyed by diffID. */
  LayerSources?: Record<string, unknown>;
}

/** What an archive entry path is. */
export type EntryKind =
  | { kind: 'blob'; digest: Digest }
  | { kind: 'metadata' }
  | { kind: 'legacy-layer' }
  | { kind: 'legacy-json' }
  | { kind: 'unknown' };

const LEGACY_LAYER = /^[a-f0-9]{64}\/layer\.tar$/;
const LEGACY_JSON = /^(?:[a-f0-9]{64}\/(?:json|VERSION)|[a-f0-9]{64}\.json)$/;

/** The path of a blob in an OCI layout. */
export function blobPath(digest: Digest): string {
  const colon = digest.indexOf(':');
  return `blobs/${digest.slice(0, colon)}/${digest.slice(colon + 1)}`;
}

/** Strips `./` prefixes and trailing slashes so that `./blobs/sha256/x` and `blobs/sha256/x` compare equal. */
export function normalizeEntryName(name: string): string {
  let path = name;
  while (path.startsWith('./')) path = path.slice(2);
  while (path.startsWith('/')) path = path.slice(1);
  return path.replace(/\/+$/, '');
}

/** Classifies a (normalized) file entry of an archive. */
export function classifyEntry(path: string): EntryKind {
  if (path === OCI_LAYOUT_FILE || path === INDEX_FILE || path === DOCKER_MANIFEST_FILE || path === REPOSITORIES_FILE) return { kind: 'metadata' };
  const blob = /^blobs\/([a-z0-9]+)\/([a-f0-9]+)$/.exec(path);
  if (blob) {
    const digest = `${blob[1]}:${blob[2]}`;
    return isDigest(digest) ? { kind: 'blob', digest } : { kind: 'unknown' };
  }
  if (LEGACY_LAYER.test(path)) return { kind: 'legacy-layer' };
  if (LEGACY_JSON.test(path)) return { kind: 'legacy-json' };
  return { kind: 'unknown' };
}
