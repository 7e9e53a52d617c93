import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { BerthError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import type { ImageState } from '../image/state.js';
import { writeImage } from './image.js';
import type { StoredImage } from './image.js';
import { pushNames } from './registry.js';
import { exportLocal, exportTar } from './rootfs.js';

/** One `--output`: `type=image|docker|oci|local|tar`, its `dest` and, for images, `compression`. */
export interface OutputSpec {
  type: 'image' | 'docker' | 'oci' | 'local' | 'tar' | 'registry';
  dest?: string;
  compression?: 'none' | 'gzip' | 'zstd';
  /** `type=image,name=a,b`: more tags. */
  names?: string[];
}

/**
 * The layer compression a build should use for its outputs: an explicit `compression=` wins;
 * docker/oci archives get gzip like BuildKit's; the store alone keeps plain tars.
 */
export function layerCompression(outputs: readonly OutputSpec[]): 'none' | 'gzip' | 'zstd' {
  const explicit = outputs.find((o) => o.compression !== undefined)?.compression;
  if (explicit) return explicit;
  return outputs.some((o) => o.type === 'docker' || o.type === 'oci') ? 'gzip' : 'none';
}

/** Parses docker's `--output` values: `type=local,dest=out`, or a bare path (`-o out` = local, `-o -` = tar). */
export function parseOutput(value: string): OutputSpec {
  if (!value.includes('=')) return value === '-' ? { type: 'tar', dest: '-' } : { type: 'local', dest: value };
  // Values may hold commas (`name=a,b` in quotes): a part without `=` continues the previous value.
  const fields: Record<string, string> = {};
  let last = '';
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0 && last) fields[last] += `,${part}`;
    else fields[(last = part.slice(0, eq))] = part.slice(eq + 1).replace(/^"|"$/g, '');
  }
  const type = fields.type ?? 'local';
  if (!['image', 'docker', 'oci', 'local', 'tar', 'registry'].includes(type)) throw new BerthError('OUTPUT_INVALID', `unsupported output type "${type}" in --output ${value}`, { hint: 'use type=image, registry, docker, oci, local or tar' });
  if ((type === 'local' || type === 'tar') && !fields.dest) throw new BerthError('OUTPUT_INVALID', `--output type=${type} needs dest=PATH`);
  const compression = fields.compression === 'uncompressed' ? 'none' : fields.compression;
  if (compression !== undefined && !['none', 'gzip', 'zstd'].includes(compression)) throw new BerthError('OUTPUT_INVALID', `unsupported compression "${fields.compression}" in --output ${value}`, { hint: 'use compression=uncompressed, gzip or zstd' });
  const names = fields.name ? fields.name.split(/[,;]/).filter(Boolean) : undefined;
  return { type: type as OutputSpec['type'], dest: fields.dest, compression: compression as OutputSpec['compression'], names };
}

/** What the exporters produced, for `--iidfile`, `--metadata-file` and `-q`. */
export interface ExportResult {
  stored?: StoredImage;
}

/**
 * Exports the built image to every requested output: the store (with `-t` tags; also as the source
 * of docker/oci archives), archives, a local directory or a rootfs tar. `stdout` receives `dest=-`.
 */
export async function exportImage(store: Store, image: ImageState, tags: readonly string[], outputs: readonly OutputSpec[], stdout: Writable, sourceDateEpoch?: number): Promise<ExportResult> {
  const result: ExportResult = {};
  const needsStore = outputs.length === 0 || outputs.some((o) => o.type !== 'local' && o.type !== 'tar');
  const allTags = [...tags, ...outputs.flatMap((o) => o.names ?? [])];
  if (needsStore) result.stored = await writeImage(store, image, allTags);
  for (const output of outputs) {
    if (output.type === 'local') await exportLocal(store, image, resolve(output.dest ?? '.'));
    else if (output.type === 'tar') await exportTar(store, image, output.dest === '-' ? '-' : resolve(output.dest ?? '-'), stdout, sourceDateEpoch);
    else if (output.type === 'registry') await pushNames(store, result.stored!.names);
    else if (output.type === 'docker' || output.type === 'oci') {
      const { saveImages, saveImagesToFile } = await import('../../archive/index.js'); // only archive outputs need the archive writers
      const args = result.stored!.names.length > 0 ? result.stored!.names : [result.stored!.id];
      if (!output.dest || output.dest === '-') await saveImages(store, args, stdout);
      else await saveImagesToFile(store, args, resolve(output.dest));
    }
  }
  return result;
}

/** Writes `--metadata-file` like buildx: config digest, manifest digest and image names. */
export async function writeMetadataFile(path: string, stored: StoredImage | undefined): Promise<void> {
  const meta: Record<string, unknown> = {};
  if (stored) {
    meta['containerimage.config.digest'] = stored.id;
    meta['containerimage.digest'] = stored.manifest.digest;
    meta['containerimage.descriptor'] = stored.manifest;
    if (stored.names.length > 0) meta['image.name'] = stored.names.join(',');
  }
  await writeFile(path, `${JSON.stringify(meta, null, 2)}\n`);
}
