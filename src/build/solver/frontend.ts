// The one place the build engine calls the Dockerfile frontend (src/dockerfile), so that a change
// of its entry points touches only this file.
import { parseDockerfile, planBuild, resolveStage } from '../../dockerfile/index.js';

export { baseImagePlatformFinding } from '../../dockerfile/index.js';
import type { BaseImageConfig, BuildPlan, PlanOptions, ResolvedStage } from '../../dockerfile/index.js';

/** Parses and plans a Dockerfile (target, build args, platforms, checks). */
export function plan(text: string, filename: string, options: PlanOptions): BuildPlan {
  return planBuild(parseDockerfile(text, { filename }), options);
}

/**
 * A stage's instructions with words expanded and ARG/ENV scoping applied, base ONBUILD triggers
 * first. `base` is the base image's env and triggers, or the resolved stage it is built FROM.
 */
export function stageSteps(buildPlan: BuildPlan, index: number, base: BaseImageConfig | ResolvedStage): ResolvedStage {
  return resolveStage(buildPlan, index, base);
}
