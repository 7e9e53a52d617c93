// Media types of the OCI image spec and of Docker's image manifest v2 schema 2, plus small
// predicates so callers never compare strings by hand.

/** OCI image manifest. */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
/** OCI image index (multi-platform). */
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
/** OCI image config. */
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
/** OCI content descriptor (used by the conformance examples). */
export const OCI_DESCRIPTOR = 'application/vnd.oci.descriptor.v1+json';
/** OCI layout header (the `oci-layout` file). */
export const OCI_LAYOUT_HEADER = 'application/vnd.oci.layout.header.v1+json';
/** The empty JSON blob `{}` used as config of artifacts. */
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
/** OCI layer, uncompressed tar. */
export const OCI_LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';
/** OCI layer, gzip-compressed tar. */
export const OCI_LAYER_TAR_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
/** OCI layer, zstd-compressed tar. */
export const OCI_LAYER_TAR_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';
/** OCI non-distributable layer, uncompressed (deprecated by the spec, still read). */
export const OCI_LAYER_NONDIST_TAR = 'application/vnd.oci.image.layer.nondistributable.v1.tar';
/** OCI non-distributable layer, gzip (deprecated by the spec, still read). */
export const OCI_LAYER_NONDIST_TAR_GZIP = 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip';
/** OCI non-distributable layer, zstd (deprecated by the spec, still read). */
export const OCI_LAYER_NONDIST_TAR_ZSTD = 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd';

/** Docker image manifest v2 schema 2. */
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
/** Docker manifest list (multi-platform). */
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
/** Docker image config. */
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
/** Docker layer, gzip-compressed tar (the only compression Docker schema 2 names). */
export const DOCKER_LAYER_TAR_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
/** Docker layer, uncompressed tar (accepted by docker and containerd though not in the spec text). */
export const DOCKER_LAYER_TAR = 'application/vnd.docker.image.rootfs.diff.tar';
/** Docker layer, zstd tar (containerd extension). */
export const DOCKER_LAYER_TAR_ZSTD = 'application/vnd.docker.image.rootfs.diff.tar.zstd';
/** Docker foreign (non-distributable, e.g. Windows base) layer. */
export const DOCKER_LAYER_FOREIGN_TAR_GZIP = 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip';

/** How a layer blob is compressed. */
export type Compression = 'none' | 'gzip' | 'zstd';

const LAYER_COMPRESSION: Record<string, Compression> = {
  [OCI_LAYER_TAR]: 'none',
  [OCI_LAYER_TAR_GZIP]: 'gzip',
  [OCI_LAYER_TAR_ZSTD]: 'zstd',
  [OCI_LAYER_NONDIST_TAR]: 'none',
  [OCI_LAYER_NONDIST_TAR_GZIP]: 'gzip',
  [OCI_LAYER_NONDIST_TAR_ZSTD]: 'zstd',
  [DOCKER_LAYER_TAR]: 'none',
  [DOCKER_LAYER_TAR_GZIP]: 'gzip',
  [DOCKER_LAYER_TAR_ZSTD]: 'zstd',
  [DOCKER_LAYER_FOREIGN_TAR_GZIP]: 'gzip',
};

const NON_DISTRIBUTABLE = new Set<string>([
  OCI_LAYER_NONDIST_TAR,
  OCI_LAYER_NONDIST_TAR_GZIP,
  OCI_LAYER_NONDIST_TAR_ZSTD,
  DOCKER_LAYER_FOREIGN_TAR_GZIP,
]);

/** True for a single-platform image manifest (OCI or Docker schema 2). */
export function isManifestMediaType(mediaType: string | undefined): boolean {
  return mediaType === OCI_MANIFEST || mediaType === DOCKER_MANIFEST;
}

/** True for a multi-platform index (OCI index or Docker manifest list). */
export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

/** True for an image config media type (OCI or Docker). */
export function isConfigMediaType(mediaType: string | undefined): boolean {
  return mediaType === OCI_CONFIG || mediaType === DOCKER_CONFIG;
}

/** True for any known layer media type, including the non-distributable ones. */
export function isLayerMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && mediaType in LAYER_COMPRESSION;
}

/** True for layers that registries may refuse to store (OCI nondistributable, Docker foreign). */
export function isNonDistributable(mediaType: string | undefined): boolean {
  return mediaType !== undefined && NON_DISTRIBUTABLE.has(mediaType);
}

/**
 * Compression of a layer from its media type; undefined for an unknown media type. Unknown
 * `+suffix` types are read by suffix, as containerd does.
 */
export function layerCompression(mediaType: string): Compression | undefined {
  const known = LAYER_COMPRESSION[mediaType];
  if (known !== undefined) return known;
  if (mediaType.endsWith('+gzip') || mediaType.endsWith('.gzip')) return 'gzip';
  if (mediaType.endsWith('+zstd') || mediaType.endsWith('.zstd')) return 'zstd';
  return undefined;
}

/** The layer media type to write for a compression in the given manifest family. */
export function layerMediaType(compression: Compression, family: 'oci' | 'docker' = 'oci'): string {
  if (family === 'docker') {
    return compression === 'gzip' ? DOCKER_LAYER_TAR_GZIP : compression === 'zstd' ? DOCKER_LAYER_TAR_ZSTD : DOCKER_LAYER_TAR;
  }
  return compression === 'gzip' ? OCI_LAYER_TAR_GZIP : compression === 'zstd' ? OCI_LAYER_TAR_ZSTD : OCI_LAYER_TAR;
}

/** The manifest family a manifest/index/config media type belongs to. */
export function mediaTypeFamily(mediaType: string | undefined): 'oci' | 'docker' | undefined {
  if (mediaType === undefined) return undefined;
  if (mediaType.startsWith('application/vnd.oci.')) return 'oci';
  if (mediaType.startsWith('application/vnd.docker.')) return 'docker';
  return undefined;
}
