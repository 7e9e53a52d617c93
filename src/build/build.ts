import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Platform } from '../core/index.js';
import type { Store } from '../store/index.js';
import { openContext } from './context/index.js';
import { exportRecords } from './cache/local-dir.js';
import { exportImage, layerCompression } from './export/index.js';
import type { ExportResult, OutputSpec } from './export/index.js';
import { vertex } from './progress/index.js';
import { solve } from './solver/index.js';
import { BuildStepError } from './steps/index.js';
import { checkPlatformOutputs, exportPlatforms } from './platforms/export.js';
import type { BuildOutcome, BuildRequest } from './solver/index.js';

/** A whole `berth build`: where the context is, what to build, where the result goes. */
export interface BuildOptions extends Omit<BuildRequest, 'context' | 'dockerfileText' | 'dockerfileName'> {
  /** Context directory or `-` (stdin: a tar or a Dockerfile). */
  contextPath: string;
  /** `-f`: path or `-`. */
  dockerfile?: string;
  /** The stream `-` reads (default process.stdin). */
  stdin?: Readable;
  /** `-t` names. */
  tags?: string[];
  /** `--output`s; none means the image store. */
  outputs?: OutputSpec[];
  /** Where `dest=-` outputs go (default process.stdout). */
  stdout?: Writable;
  /**
   * `--platform a,b,c`: several target platforms, solved one after another (stages that do not
   * depend on the platform are cache hits after the first) and exported as one index.
   */
  platforms?: Platform[];
  /** `--cache-to type=local,dest=DIR`: the records and layers this build used are written there. */
  cacheTo?: string;
}

/** The build's outcome plus what was exported. */
export interface BuildResult extends BuildOutcome {
  exported: ExportResult;
}

/** Opens the context, solves the Dockerfile and exports the target image. Temporary files are removed whatever happens. */
export async function build(store: Store, options: BuildOptions): Promise<BuildResult> {
  const progress = options.progress ?? (() => undefined);
  const platforms = options.platforms ?? [];
  checkPlatformOutputs(options.outputs ?? [], platforms);
  const opened = await vertex(progress, '[internal] load build context', () =>
    openContext({ path: options.contextPath, dockerfile: options.dockerfile, stdin: options.stdin, digestCacheDir: join(store.root, 'buildcache', 'context') }),
  );
  try {
    const request = { ...options, compression: options.compression ?? layerCompression(options.outputs ?? []), progress, context: opened.context, dockerfileText: opened.dockerfileText, dockerfileName: opened.dockerfileName };
    if (platforms.length > 1) return await buildPlatforms(store, request, platforms);
    const outcome = await solve(store, { ...request, platform: platforms[0] ?? options.platform });
    const exported = await vertex(progress, 'exporting to image', () =>
      exportImage(store, outcome.image, options.tags ?? [], options.outputs ?? [], options.stdout ?? process.stdout, options.sourceDateEpoch),
    );
    if (options.cacheTo) await vertex(progress, 'exporting cache', () => exportRecords(store, options.cacheTo!, outcome.cacheRecords));
    return { ...outcome, exported };
  } catch (err) {
    if (err instanceof BuildStepError) err.dockerfileText = opened.dockerfileText;
    throw err;
  } finally {
    await opened.context.close();
  }
}

/** Solves `request` once per platform (progress names carry each stage's platform) and exports one index. */
async function buildPlatforms(store: Store, request: BuildRequest & BuildOptions, platforms: Platform[]): Promise<BuildResult> {
  const progress = request.progress ?? (() => undefined);
  const outcomes: BuildOutcome[] = [];
  for (const platform of platforms) outcomes.push(await solve(store, { ...request, platform, multiPlatform: true }));
  const built = outcomes.map((outcome, i) => ({ platform: platforms[i], image: outcome.image }));
  const exported = await vertex(progress, 'exporting to image', () => exportPlatforms(store, built, request.tags ?? [], request.outputs ?? [], request.stdout ?? process.stdout));
  const merged: BuildOutcome = { ...outcomes[0], warnings: outcomes.flatMap((o) => o.warnings), cacheRecords: outcomes.flatMap((o) => o.cacheRecords) };
  if (request.cacheTo) await vertex(progress, 'exporting cache', () => exportRecords(store, request.cacheTo!, merged.cacheRecords));
  return { ...merged, exported };
}
