import { availableParallelism } from 'node:os';
import { formatPlatform, hostPlatform, isBerthError } from '../../core/index.js';
import type { Platform } from '../../core/index.js';
import type { BuildPlan, PlannedStage, ResolvedStep } from '../../dockerfile/index.js';
import type { Store } from '../../store/index.js';
import { BuildCache } from '../cache/store.js';
import { cacheKey } from '../cache/key.js';
import { normalizeHistoryTimes } from '../image/history-times.js';
import { applyMetadata } from '../image/metadata.js';
import { addHistory, cloneConfig, DEFAULT_PATH, scratchConfig } from '../image/state.js';
import type { ImageState } from '../image/state.js';
import { vertex } from '../progress/index.js';
import type { ProgressSink } from '../progress/index.js';
import { BuildStepError, copyStep, runStep, workdirStep, Workspace } from '../steps/index.js';
import type { FromSource, StepEnv } from '../steps/index.js';
import { dispatchStages, displayName } from './dispatch.js';
import { plan } from './frontend.js';
import { findStage, fromKey, openFromSource } from './from-source.js';
import type { BuildOutcome, BuildRequest } from './request.js';
import { pullingResolver } from './resolver.js';
import { Semaphore } from './semaphore.js';
import { instructionText, platformStepName, StageNamer } from './stage-name.js';
import { setConfigPlatform, stagePlatform } from './stage-platform.js';

const noProgress: ProgressSink = () => undefined;

/**
 * Builds the target stage of a Dockerfile: plans the stage graph, builds the stages the target
 * needs (independent ones concurrently, steps bounded by the CPU count), each step through the
 * cache. Returns the target's image state; the exporters turn it into an image.
 */
export async function solve(store: Store, request: BuildRequest): Promise<BuildOutcome> {
  const progress = request.progress ?? noProgress;
  const platform: Platform = request.platform ?? hostPlatform();
  const resolver = request.resolver ?? pullingResolver(store, { pull: request.pull, signal: request.signal });
  // SOURCE_DATE_EPOCH fixes every history time; otherwise layer steps take their cache records' times
  // and the rest is filled in at the end like BuildKit's exporter does (normalizeHistoryTimes).
  const epochCreated = request.sourceDateEpoch !== undefined ? new Date(request.sourceDateEpoch * 1000).toISOString() : undefined;
  // A multi-platform build names steps with the platform they build for, as BuildKit does.
  const named = (name: string, on: Platform): string => (request.multiPlatform ? platformStepName(name, on) : name);
  const buildPlan: BuildPlan = await vertex(progress, named(`[internal] load build definition from ${request.dockerfileName ?? 'Dockerfile'}`, platform), async () =>
    plan(request.dockerfileText, request.dockerfileName ?? 'Dockerfile', { target: request.target, buildArgs: request.buildArgs, platform, isIgnored: (p) => request.context.isIgnored(p) }),
  );
  const dispatched = await dispatchStages(buildPlan, {
    resolver,
    progress,
    namedContexts: request.namedContexts ?? {},
    explicitPlatform: request.platform !== undefined,
    named,
  });
  const workspace = new Workspace(store, {
    sourceDateEpoch: request.sourceDateEpoch,
    compression: request.compression,
    snapshotMode: request.snapshotMode,
    onNotice: (message) => progress({ type: 'warning', time: Date.now(), message }),
    signal: request.signal,
  });
  const semaphore = new Semaphore(Math.max(1, availableParallelism()));
  const stages = new Map<number, Promise<ImageState>>();
  const byIndex = new Map(buildPlan.stages.map((s) => [s.stage.index, s]));
  const stageCount = buildPlan.dockerfile.stages.length;

  const buildStage = (index: number): Promise<ImageState> => {
    let result = stages.get(index);
    if (result === undefined) {
      const planned = byIndex.get(index);
      if (planned === undefined) throw new Error(`stage ${index} is not part of the build plan`);
      result = runStage(planned);
      stages.set(index, result);
    }
    return result;
  };

  const fromContext = { buildPlan, buildStage, workspace, resolver, platform, namedContexts: request.namedContexts ?? {} };
  const env: StepEnv = {
    workspace,
    context: request.context,
    cache: new BuildCache(store, request.cacheFrom ?? []),
    progress,
    noCache: request.noCache ?? false,
    network: request.network ?? 'default',
    addHosts: request.addHosts ?? [],
    secrets: new Map((request.secrets ?? []).map((s) => [s.id, s])),
    signal: request.signal,
    openFrom: (name): Promise<FromSource> => openFromSource(name, fromContext),
    fromKey: (name): Promise<string> => fromKey(name, fromContext),
  };

  async function baseState(planned: PlannedStage): Promise<ImageState> {
    const base = planned.base;
    if (base.kind === 'stage') return buildStage(base.index);
    const on = stagePlatform(planned, byIndex);
    if (base.kind === 'scratch') return { config: scratchConfig(on), layers: [], cacheKey: cacheKey('scratch', formatPlatform(on)), cmdSet: false };
    const image = dispatched.images.get(planned.stage.index);
    if (image === undefined) throw new Error(`stage ${planned.stage.index}: base image was not dispatched`);
    const config = cloneConfig(image.config);
    // BuildKit makes sure PATH is set in the image config of every stage built on an image.
    const c = (config.config ??= {});
    if (!(c.Env ?? []).some((e) => e.startsWith('PATH='))) c.Env = [...(c.Env ?? []), `PATH=${DEFAULT_PATH}`];
    return { config, layers: image.layers, cacheKey: cacheKey('image', image.digest), cmdSet: false };
  }

  async function runStage(planned: PlannedStage): Promise<ImageState> {
    const parent = await baseState(planned);
    const onBuild = parent.config.config?.OnBuild ?? undefined;
    const steps: ResolvedStep[] = dispatched.stages.get(planned.stage.index)?.steps ?? [];
    const namer = new StageNamer(planned, stageCount, steps.map((s) => s.instruction), request.multiPlatform ? stagePlatform(planned, byIndex) : undefined);
    let state: ImageState = { ...parent, config: cloneConfig(parent.config), cmdSet: false };
    if (onBuild && onBuild.length > 0 && state.config.config) state.config.config.OnBuild = null;
    const fromName = namer.next(`FROM ${planned.base.kind === 'image' ? displayName(planned.baseName) : planned.baseName}`);
    if (planned.base.kind === 'image') await vertex(progress, fromName, async () => undefined);
    const stageName = planned.stage.name ?? String(planned.stage.index);
    const stageEnv = noCacheStages.has(stageName) ? { ...env, noCache: true } : env;
    for (const step of steps) state = await applyStep(state, step, namer, stageEnv);
    if (planned.stage.index === buildPlan.target && request.labels && Object.keys(request.labels).length > 0) {
      const c = (state.config.config ??= {});
      c.Labels = { ...(c.Labels ?? {}), ...request.labels };
    }
    return state;
  }

  const noCacheStages = new Set((request.noCacheFilter ?? []).map((n) => n.toLowerCase()));
  async function applyStep(state: ImageState, step: ResolvedStep, namer: StageNamer, stageEnv: StepEnv): Promise<ImageState> {
    const ins = step.instruction;
    switch (ins.kind) {
      case 'RUN':
      case 'COPY':
      case 'ADD':
      case 'WORKDIR': {
        const naming = { name: namer.next(instructionText(ins), step.args), created: epochCreated };
        // Stages read by COPY --from or RUN --mount from= are awaited before taking a slot, so waiting never holds one.
        const froms = ins.kind === 'COPY' && ins.from !== undefined ? [ins.from] : ins.kind === 'RUN' ? ins.mounts.flatMap((m) => (m.from !== undefined ? [m.from] : [])) : [];
        for (const name of froms) {
          const stage = findStage(buildPlan, name);
          if (stage) await buildStage(stage.index);
        }
        return semaphore.run(async () => {
          try {
            if (ins.kind === 'RUN') return await runStep(stageEnv, state, ins, step, naming);
            if (ins.kind === 'WORKDIR') return await workdirStep(stageEnv, state, ins, naming);
            return await copyStep(stageEnv, state, ins, naming);
          } catch (err) {
            if (err instanceof BuildStepError || !isBerthError(err)) throw err;
            throw new BuildStepError(err.message, naming.name, ins, [], { hint: err.hint, cause: err });
          }
        });
      }
      default: {
        const next: ImageState = { ...state, config: cloneConfig(state.config) };
        const createdBy = applyMetadata(next, ins, step.env);
        if (createdBy === undefined) return state;
        addHistory(next.config, createdBy, true, epochCreated);
        next.cacheKey = cacheKey(state.cacheKey, createdBy, next.config.config ?? {});
        return next;
      }
    }
  }

  const targetPlanned = buildPlan.stages[buildPlan.stages.length - 1];
  const all = buildPlan.stages.map((s) => buildStage(s.stage.index));
  const image = await buildStage(targetPlanned.stage.index);
  await Promise.all(all);
  normalizeHistoryTimes(image.config, epochCreated ?? new Date().toISOString());
  if (epochCreated !== undefined) image.config.created = epochCreated;
  if (request.platform !== undefined) setConfigPlatform(image.config, request.platform);
  return { image, warnings: dispatched.warnings, cacheRecords: [...env.cache.used.values()] };
}
