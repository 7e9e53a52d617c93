// BuildKit's dispatch before the solve: every stage the target needs has its base image's metadata
// loaded and its instructions expanded before any step runs, so that every build check has fired
// (UndefinedVar, InvalidBaseImagePlatform included) and `# check=error=true` can fail the build
// before anything is executed, as BuildKit's frontend does.
import { formatReference, normalizeReference, type Platform } from '../../core/index.js';
import type { BuildPlan, Diagnostic, PlannedStage, ResolvedStage } from '../../dockerfile/index.js';
import { vertex, type ProgressSink } from '../progress/index.js';
import { stageSteps } from './frontend.js';
import type { BaseImage, BaseImageResolver } from './resolver.js';
import { LintViolationError } from './lint-violation.js';
import { basePlatformFinding, stagePlatform } from './stage-platform.js';

/** What dispatching needs from the solve. */
export interface DispatchOptions {
  resolver: BaseImageResolver;
  progress: ProgressSink;
  /** `--build-context NAME=docker-image://ref` replacements of FROM images. */
  namedContexts: Record<string, string>;
  /** The --platform given, if any (BuildKit's implicit target otherwise). */
  explicitPlatform: boolean;
  /** Names a step for the platform it builds for (multi-platform builds). */
  named: (name: string, on: Platform) => string;
}

/** Each stage's base image (image bases only) and resolved instructions, by stage index. */
export interface Dispatched {
  images: Map<number, BaseImage>;
  stages: Map<number, ResolvedStage>;
  /** Every check finding, in the order found (the plan's included). */
  warnings: Diagnostic[];
}

/** An image reference as BuildKit shows it in progress: fully normalized (`docker.io/library/busybox:local`). */
export function displayName(ref: string): string {
  try {
    return formatReference(normalizeReference(ref));
  } catch {
    return ref;
  }
}

/**
 * Loads the base images of `buildPlan`'s stages (concurrently) and resolves every stage in
 * dependency order, reporting each finding to `progress` as it comes. Throws LintViolationError
 * when a check configured as an error (`# check=error=true`) fired anywhere.
 */
export async function dispatchStages(buildPlan: BuildPlan, options: DispatchOptions): Promise<Dispatched> {
  const dispatched = await resolveAllStages(buildPlan, options);
  const violations = dispatched.warnings.filter((w) => w.level === 'error');
  if (violations.length > 0) throw new LintViolationError(violations, buildPlan.dockerfile.text);
  return dispatched;
}

/**
 * dispatchStages without failing on checks configured as errors: `build --check` reports every
 * finding, errors included (they have level `error`).
 */
export async function resolveAllStages(buildPlan: BuildPlan, options: DispatchOptions): Promise<Dispatched> {
  const { progress } = options;
  const warnings: Diagnostic[] = [];
  const warn = (found: readonly Diagnostic[]) => {
    for (const w of found) progress({ type: 'warning', time: Date.now(), message: w.message });
    warnings.push(...found);
  };
  warn(buildPlan.warnings);
  const byIndex = new Map(buildPlan.stages.map((s) => [s.stage.index, s]));
  const images = new Map<number, BaseImage>();
  await Promise.all(buildPlan.stages.map(async (planned) => {
    if (planned.base.kind !== 'image') return;
    const on = stagePlatform(planned, byIndex);
    const context = options.namedContexts[planned.base.ref];
    const ref = context?.startsWith('docker-image://') ? context.slice('docker-image://'.length) : planned.base.ref;
    const image = await vertex(progress, options.named(`[internal] load metadata for ${displayName(ref)}`, on), () => options.resolver.resolve(ref, on));
    images.set(planned.stage.index, image);
    const finding = await basePlatformFinding(buildPlan, planned, image.config, on, !options.explicitPlatform);
    if (finding !== undefined) warn([finding]);
  }));
  const stages = new Map<number, ResolvedStage>();
  for (const planned of buildPlan.stages) {
    const resolved = stageSteps(buildPlan, planned.stage.index, baseOf(planned, images, stages));
    stages.set(planned.stage.index, resolved);
    warn(resolved.warnings);
  }
  return { images, stages, warnings };
}

/** What a stage's instructions expand against: its base stage, resolved, or its base image's env and ONBUILD triggers. */
function baseOf(planned: PlannedStage, images: ReadonlyMap<number, BaseImage>, stages: ReadonlyMap<number, ResolvedStage>) {
  if (planned.base.kind === 'stage') {
    const parent = stages.get(planned.base.index);
    if (parent === undefined) throw new Error(`stage ${planned.base.index} is resolved after the stage built FROM it`);
    return parent;
  }
  const config = planned.base.kind === 'image' ? images.get(planned.stage.index)?.config.config : undefined;
  return { env: config?.Env ?? [], onBuild: config?.OnBuild ?? undefined };
}
