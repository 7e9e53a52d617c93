// Outputs of a multi-platform build: one index (a manifest per platform, each labelled with its
// platform) tagged in the store and pushed with --push, an OCI archive holding every platform,
// or a local directory per platform named like buildx's (`linux_arm_v7/`). A docker archive holds
// one platform only, so asking for one with several platforms fails before anything is built,
// as in buildx.

import type { Writable } from 'node:stream';
import { join, resolve } from 'node:path';
import { BerthError, formatPlatform, formatReference, normalizePlatform, normalizeReference, type Platform } from '../../core/index.js';
import { writePlatformIndex } from '../../platform/index.js';
import type { Store } from '../../store/index.js';
import type { ImageState } from '../image/state.js';
import { writeManifest } from '../export/image.js';
import type { ExportResult, OutputSpec } from '../export/outputs.js';
import { pushNames } from '../export/registry.js';
import { exportLocal } from '../export/rootfs.js';

/** One platform's result. */
export interface PlatformImage {
  platform: Platform;
  image: ImageState;
}

/** Throws before building when an output cannot hold several platforms. */
export function checkPlatformOutputs(outputs: readonly OutputSpec[], platforms: readonly Platform[]): void {
  if (platforms.length < 2) return;
  const shown = platforms.map(formatPlatform).join(',');
  for (const output of outputs) {
    if (output.type === 'docker') {
      throw new BerthError('OUTPUT_INVALID', `docker exporter does not currently support exporting manifest lists (building for ${shown})`, {
        hint: 'give --platform one value to get a docker archive, or use --output type=oci for all platforms',
      });
    }
    if (output.type === 'tar') throw new BerthError('OUTPUT_INVALID', `--output type=tar holds one platform (building for ${shown})`, { hint: 'use type=local (one folder per platform) or type=oci' });
  }
}

/** buildx's folder name of a platform in local outputs: `linux_arm_v7`. */
export function platformDirectory(platform: Platform): string {
  return formatPlatform(platform).replaceAll('/', '_');
}

/** Writes each platform's manifest and the index over them, then exports the index to every output. */
export async function exportPlatforms(store: Store, built: readonly PlatformImage[], tags: readonly string[], outputs: readonly OutputSpec[], stdout: Writable): Promise<ExportResult> {
  const written = await Promise.all(built.map(({ image }) => writeManifest(store, image)));
  const entries = written.map(({ manifest }, i) => ({ ...manifest, platform: normalizePlatform(built[i].platform) }));
  const index = await writePlatformIndex(store, entries);
  const names = [...tags, ...outputs.flatMap((o) => o.names ?? [])].map((t) => formatReference(normalizeReference(t)));
  for (const name of names) if ((await store.images.get(name))?.target.digest !== index.digest) await store.images.tag(name, index);
  if (names.length === 0) await store.images.addDangling(index);
  for (const output of outputs) {
    if (output.type === 'local') {
      for (const { platform, image } of built) await exportLocal(store, image, join(resolve(output.dest ?? '.'), platformDirectory(platform)));
    } else if (output.type === 'registry') {
      await pushNames(store, names);
    } else if (output.type === 'oci') {
      const { saveImages, saveImagesToFile } = await import('../../archive/index.js');
      const args = names.length > 0 ? names : [index.digest];
      if (!output.dest || output.dest === '-') await saveImages(store, args, stdout);
      else await saveImagesToFile(store, args, resolve(output.dest));
    }
  }
  // `id` is the index digest (buildx's --iidfile of a multi-platform build); `config` is the first platform's.
  return { stored: { id: index.digest, config: written[0].config, manifest: index, names } };
}
