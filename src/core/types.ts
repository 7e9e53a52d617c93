// The OCI image model (image-spec v1.1) with Docker image manifest v2 schema 2 fields where
// Docker differs. JSON field names are exactly those on the wire, so values parse with
// JSON.parse and serialize with JSON.stringify unchanged. This file is a contract with every
// other folder: change it additively only.

import type { Digest } from './digest.js';

/** Free-form string annotations (`org.opencontainers.image.*` keys and others). */
export type Annotations = Record<string, string>;

/** A platform as written in index entries and image configs (containerd's `Platform`). */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  /** Reserved by the spec; kept so round-trips do not lose it. */
  features?: string[];
}

/** A content descriptor: what a blob is, its digest and size, and where else it may be found. */
export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  urls?: string[];
  annotations?: Annotations;
  /** Embedded content, base64 (OCI 1.1). */
  data?: string;
  /** Only meaningful in index entries. */
  platform?: Platform;
  /** OCI 1.1 artifact type of the referenced manifest. */
  artifactType?: string;
}

/**
 * A single-platform image manifest: OCI (`application/vnd.oci.image.manifest.v1+json`, mediaType
 * optional) or Docker schema 2 (`application/vnd.docker.distribution.manifest.v2+json`).
 */
export interface Manifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Annotations;
}

/** A multi-platform list: OCI image index or Docker manifest list (same shape on the wire). */
export interface Index {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Annotations;
}

/** Docker's name for the same structure as an OCI index. */
export type ManifestList = Index;

/**
 * A healthcheck as Docker stores it in the image config. Durations are nanoseconds; `Test` is
 * `["NONE"]`, `["CMD", arg…]` or `["CMD-SHELL", command]`.
 */
export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** The execution parameters of an image (`config` in the image config JSON). */
export interface ContainerConfig {
  User?: string;
  /** Keys like `80/tcp`; values are always `{}`. */
  ExposedPorts?: Record<string, Record<string, never>>;
  /** `KEY=value` strings. */
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  /** Keys are paths; values are always `{}`. */
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  /** Docker extension. */
  Healthcheck?: HealthConfig;
  /** Docker extension: the shell for shell-form RUN/CMD/ENTRYPOINT. */
  Shell?: string[];
  /** Docker extension: triggers run by child builds. */
  OnBuild?: string[] | null;
  /** Docker extension (Windows): the command line is already escaped. */
  ArgsEscaped?: boolean;
  /** Docker-only legacy fields kept for round-trips (`Hostname`, `Image`, `AttachStdin`…). */
  [legacy: string]: unknown;
}

/** The layer list of an image config: `diff_ids` are digests of the uncompressed layer tars. */
export interface RootFS {
  type: 'layers';
  diff_ids: Digest[];
}

/** One build step in the image history; `empty_layer` marks steps that created no layer. */
export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image config JSON (OCI `application/vnd.oci.image.config.v1+json` / Docker `…container.image.v1+json`). */
export interface ImageConfig {
  /** RFC 3339 time the image was created. */
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  config?: ContainerConfig;
  rootfs: RootFS;
  history?: HistoryEntry[];
  /** Docker legacy fields, written by old docker builds, kept on round-trip. */
  container?: string;
  container_config?: ContainerConfig;
  docker_version?: string;
  /** Docker legacy: the parent image ID of a classic build. */
  parent?: string;
}

/** The content of the `oci-layout` file at the root of an OCI image layout. */
export interface OciLayout {
  imageLayoutVersion: string;
}
