// The analysis model: what one pass over an image's layers yields, shared by the renderers, the
// CI gate, the interactive browser and the registry's web view. JSON-serializable throughout.

import type { Digest } from '../core/index.js';
import type { EntryType } from '../layer/index.js';

/** One tar entry of a layer, as metadata only (paths absolute: `/usr/bin/env`). */
export interface LayerEntry {
  path: string;
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  /** Body bytes (0 for everything but regular files). */
  size: number;
  linkTarget?: string;
  /** Content hash of a regular file (sha256, shortened). */
  hash?: string;
}

/** What streaming one layer produced. */
export interface LayerScan {
  digest: Digest;
  diffId: Digest;
  compressedSize: number;
  tarSize: number;
  /** Sum of the entries' sizes (dive's layer size). */
  fileBytes: number;
  entries: LayerEntry[];
}

/** How a layer changed a path relative to the layers below it. */
export type ChangeKind = 'added' | 'modified' | 'unchanged' | 'removed';

/** One change of a layer. For `removed`, size is the bytes the removal hid (a directory's total). */
export interface FileChange {
  path: string;
  kind: ChangeKind;
  type: EntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  linkTarget?: string;
  /** For removed/modified/unchanged: the layer that had written the previous version. */
  previousLayer?: number;
  /** For modified/unchanged: the size of the previous version. */
  previousSize?: number;
}

/** One layer of the analysed image. */
export interface AnalyzedLayer {
  index: number;
  digest: Digest;
  diffId: Digest;
  /** Compressed blob bytes. */
  compressedSize: number;
  /** Sum of the layer's file sizes (what dive and docker history show). */
  size: number;
  /** The history `created_by` of the step that made the layer, cleaned up (`RUN apt-get …`). */
  instruction: string;
  /** The instruction word (RUN, COPY, ADD, …) or '' when the history does not say. */
  command: string;
  /** The Dockerfile line of the instruction, when a Dockerfile was given and it matched. */
  dockerfileLine?: number;
  changes: FileChange[];
  /** Counts and byte totals per kind of change. */
  stats: Record<ChangeKind, { count: number; bytes: number }>;
}

/** dive's numbers, computed exactly as dive does (see dive-efficiency.ts). */
export interface DiveMetrics {
  /** 1 − wasted/all: the sum over paths of their smallest version over the sum of all versions. */
  efficiency: number;
  /** Bytes of every path found in more than one layer (all its versions). */
  wastedBytes: number;
  /** Sum of all layers' sizes. */
  sizeBytes: number;
  /** Sum of all layers' sizes but the first (dive's "user" bytes). */
  userSizeBytes: number;
  /** wastedBytes / userSizeBytes. */
  wastedUserPercent: number;
  /** Paths seen in several layers, most wasted bytes first. */
  inefficiencies: Array<{ path: string; count: number; wastedBytes: number }>;
}

/** Kinds of findings. */
export type FindingKind = 'removed-later' | 'overwritten' | 'duplicate-content' | 'package-cache' | 'build-leftovers' | 'compilers-in-final' | 'copy-whole-context' | 'merge-runs';

/** One problem the analysis explains, tied to a layer and its instruction, with what to change. */
export interface Finding {
  kind: FindingKind;
  /** The layer whose bytes are wasted (or that should change). */
  layer: number;
  instruction: string;
  /** `Dockerfile:LINE` of the instruction, when known. */
  location?: string;
  /** Other layers involved (the one that deletes, overwrites or duplicates). */
  relatedLayers: number[];
  /** Bytes the finding accounts for. */
  bytes: number;
  /** The biggest paths involved (a few). */
  paths: string[];
  /** What is wrong, in one sentence. */
  message: string;
  /** What to change. */
  fix: string;
}

/** The complete analysis of one image. */
export interface Analysis {
  image: string;
  id: Digest;
  layers: AnalyzedLayer[];
  /** Sum of layer sizes. */
  totalSize: number;
  /** Bytes of the regular files visible in the final filesystem. */
  visibleSize: number;
  /** totalSize − visibleSize: bytes stored in layers but hidden in the final filesystem. */
  hiddenBytes: number;
  dive: DiveMetrics;
  findings: Finding[];
}
