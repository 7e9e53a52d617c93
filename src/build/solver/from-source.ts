import { resolve } from 'node:path';
import type { Platform } from '../../core/index.js';
import { BerthError } from '../../core/index.js';
import type { BuildPlan } from '../../dockerfile/types.js';
import { DirectoryContext, parseIgnoreText } from '../context/index.js';
import type { BuiltLayer } from '../image/state.js';
import type { ImageState } from '../image/state.js';
import { matchSources, sourcesChecksum } from '../steps/index.js';
import type { FromSource, Workspace } from '../steps/index.js';
import type { BaseImageResolver } from './resolver.js';

/** What resolving `--from=NAME` needs from the solver. */
export interface FromContext {
  buildPlan: BuildPlan;
  buildStage(index: number): Promise<ImageState>;
  workspace: Workspace;
  resolver: BaseImageResolver;
  platform: Platform;
  namedContexts: Record<string, string>;
}

async function layersView(workspace: Workspace, layers: readonly BuiltLayer[], key: string): Promise<FromSource> {
  const view = await workspace.snapshot(layers);
  return { tree: new DirectoryContext(view.rootfs, parseIgnoreText('')), key, release: () => view.remove() };
}

/** The stage `--from=NAME` names (by name, case-insensitive, or by index), if any. */
export function findStage(buildPlan: BuildPlan, name: string): { index: number } | undefined {
  const stages = buildPlan.dockerfile.stages;
  return stages.find((s) => s.name !== undefined && s.name === name.toLowerCase()) ?? (/^\d+$/.test(name) ? stages[Number(name)] : undefined);
}

/**
 * Opens what `COPY --from=NAME` or `RUN --mount=from=NAME` reads: a stage (by name or index), a
 * named context (`--build-context`: a directory or `docker-image://ref`), or an image reference.
 */
export async function openFromSource(name: string, ctx: FromContext): Promise<FromSource> {
  const stage = findStage(ctx.buildPlan, name);
  if (stage !== undefined) {
    const state = await ctx.buildStage(stage.index);
    return layersView(ctx.workspace, state.layers, state.cacheKey);
  }
  const named = ctx.namedContexts[name];
  if (named !== undefined && !named.startsWith('docker-image://')) {
    const tree = new DirectoryContext(resolve(named), parseIgnoreText(''));
    const key = JSON.stringify(await sourcesChecksum(tree, await matchSources(tree, ['.'])));
    return { tree, key, release: async () => undefined };
  }
  const ref = named?.slice('docker-image://'.length) ?? name;
  try {
    const image = await ctx.resolver.resolve(ref, ctx.platform);
    return layersView(ctx.workspace, image.layers, image.digest);
  } catch (err) {
    throw new BerthError('FROM_NOT_FOUND', `failed to resolve --from=${name}: no stage, build context or image of that name`, { cause: err });
  }
}
