import { resolve } from 'node:path';
import type { Platform } from '../../core/index.js';
import { BerthError } from '../../core/index.js';
import type { BuildPlan } from '../../dockerfile/types.js';
import { DirectoryContext, parseIgnoreText } from '../context/index.js';
import type { BuiltLayer } from '../image/state.js';
import type { ImageState } from '../image/state.js';
import { cacheKey } from '../cache/key.js';
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

/** What `--from=NAME` names, resolved without mounting anything. */
type FromTarget =
  | { kind: 'layers'; layers: readonly BuiltLayer[]; key: string }
  | { kind: 'directory'; tree: DirectoryContext; key: string };

/** Resolves `--from=NAME`: a stage (by name or index), a named context (`--build-context`: a directory or `docker-image://ref`), or an image. */
async function resolveFrom(name: string, ctx: FromContext): Promise<FromTarget> {
  const stage = findStage(ctx.buildPlan, name);
  if (stage !== undefined) {
    const state = await ctx.buildStage(stage.index);
    return { kind: 'layers', layers: state.layers, key: state.cacheKey };
  }
  const named = ctx.namedContexts[name];
  if (named !== undefined && !named.startsWith('docker-image://')) {
    const tree = new DirectoryContext(resolve(named), parseIgnoreText(''));
    return { kind: 'directory', tree, key: cacheKey(await sourcesChecksum(tree, await matchSources(tree, ['.']))) };
  }
  const ref = named?.slice('docker-image://'.length) ?? name;
  try {
    const image = await ctx.resolver.resolve(ref, ctx.platform);
    return { kind: 'layers', layers: image.layers, key: image.digest };
  } catch (err) {
    throw new BerthError('FROM_NOT_FOUND', `failed to resolve --from=${name}: no stage, build context or image of that name`, { cause: err });
  }
}

/** The cache identity of what `--from=NAME` holds (a stage's cache key, an image digest, a context checksum). */
export async function fromKey(name: string, ctx: FromContext): Promise<string> {
  return (await resolveFrom(name, ctx)).key;
}

/** Opens what `COPY --from=NAME` or `RUN --mount=from=NAME` reads (a read-only view of a stage or image). */
export async function openFromSource(name: string, ctx: FromContext): Promise<FromSource> {
  const target = await resolveFrom(name, ctx);
  if (target.kind === 'directory') return { tree: target.tree, key: target.key, release: async () => undefined };
  return layersView(ctx.workspace, target.layers, target.key);
}
