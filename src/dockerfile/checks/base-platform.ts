// InvalidBaseImagePlatform: reported by the build engine once it knows the platform of the image
// it resolved for a stage.
import type { BuildPlan, Diagnostic } from '../types.js';
import { Reporter } from './reporter.js';

/**
 * The InvalidBaseImagePlatform finding for stage `index` when the resolved base image's platform
 * (`os/arch[/variant]`) differs from the one the stage builds for; undefined when they match or
 * the rule is skipped. Its level is `error` under `# check=error=true`.
 */
export function baseImagePlatformFinding(plan: BuildPlan, index: number, actualPlatform: string): Diagnostic | undefined {
  const planned = plan.stages.find((p) => p.stage.index === index);
  if (!planned || planned.base.kind !== 'image' || planned.platform === actualPlatform) return undefined;
  const r = new Reporter(plan.dockerfile);
  const message = `Base image ${planned.baseName} was pulled with platform "${actualPlatform}", expected "${planned.platform}" for current build`;
  r.report('InvalidBaseImagePlatform', message, planned.stage.from.location);
  return r.warnings[0];
}
