import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { formatPlatform } from '../core/index.js';
import type { Diagnostic } from '../dockerfile/types.js';
import type { Store } from '../store/index.js';
import { plan } from './solver/frontend.js';
import { openContext } from './context/index.js';
import { exportRecords } from './cache/local-dir.js';
import { exportImage, layerCompression } from './export/index.js';
import type { ExportResult, OutputSpec } from './export/index.js';
import { vertex } from './progress/index.js';
import { solve } from './solver/index.js';
import { BuildStepError } from './steps/index.js';
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
  const opened = await vertex(progress, '[internal] load build context', () =>
    openContext({ path: options.contextPath, dockerfile: options.dockerfile, stdin: options.stdin, digestCacheDir: join(store.root, 'buildcache', 'context') }),
  );
  try {
    const outcome = await solve(store, { ...options, compression: options.compression ?? layerCompression(options.outputs ?? []), progress, context: opened.context, dockerfileText: opened.dockerfileText, dockerfileName: opened.dockerfileName });
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

/** `build --check`: the frontend's warnings and the checks configured as errors, without building. */
export async function checkDockerfile(options: Pick<BuildOptions, 'contextPath' | 'dockerfile' | 'stdin' | 'target' | 'buildArgs' | 'platform'>): Promise<{ warnings: Diagnostic[]; errors: Diagnostic[] }> {
  const opened = await openContext({ path: options.contextPath, dockerfile: options.dockerfile, stdin: options.stdin });
  try {
    const result = plan(opened.dockerfileText, opened.dockerfileName, {
      target: options.target,
      buildArgs: options.buildArgs,
      targetPlatform: options.platform ? formatPlatform(options.platform) : undefined,
      isIgnored: (p) => opened.context.isIgnored(p),
    });
    return { warnings: result.warnings, errors: result.errors };
  } finally {
    await opened.context.close();
  }
}
