// The one place the build engine calls the Dockerfile frontend (src/dockerfile), so that a change
// of its entry points touches only this file.
import { formatPlatform, hostPlatform, type Platform } from '../../core/index.js';
import { parseDockerfile, planBuild, resolveStage } from '../../dockerfile/index.js';

export { baseImagePlatformFinding } from '../../dockerfile/index.js';
import type { BaseImageConfig, BuildPlan, ResolvedStage } from '../../dockerfile/index.js';

/** What planning a build takes besides the Dockerfile. */
export interface PlanInput {
  target?: string;
  buildArgs?: Record<string, string>;
  /** The platform built for; the build platform is this host's. */
  platform: Platform;
  /** Whether the context's .dockerignore excludes a path (a build check). */
  isIgnored: (path: string) => boolean;
}

/** Parses and plans a Dockerfile (target, build args, platforms, checks). */
export function plan(text: string, filename: string, input: PlanInput): BuildPlan {
  return planBuild(parseDockerfile(text, { filename }), {
    target: input.target,
    buildArgs: input.buildArgs,
    targetPlatform: formatPlatform(input.platform),
    buildPlatform: formatPlatform(hostPlatform()),
    isIgnored: input.isIgnored,
  });
}

/**
 * A stage's instructions with words expanded and ARG/ENV scoping applied, base ONBUILD triggers
 * first. `base` is the base image's env and triggers, or the resolved stage it is built FROM.
 */
export function stageSteps(buildPlan: BuildPlan, index: number, base: BaseImageConfig | ResolvedStage): ResolvedStage {
  return resolveStage(buildPlan, index, base);
}
