// InvalidBaseImagePlatform: reported by the build engine once it knows the platform of the image
// it resolved for a stage.
import { formatPlatform, normalizePlatform, toPlatform } from '../../core/platform.js';
import type { Platform } from '../../core/types.js';
import type { BuildPlan, Diagnostic } from '../types.js';
import { Reporter } from './reporter.js';

/**
 * The InvalidBaseImagePlatform finding for stage `index` when the resolved base image's platform
 * differs in OS or architecture (not variant, as in BuildKit) from `expected` (default: the
 * stage's planned platform); undefined when they match or the rule is skipped. Its level is
 * `error` under `# check=error=true`.
 */
export function baseImagePlatformFinding(plan: BuildPlan, index: number, actual: Platform | string, expected?: Platform): Diagnostic | undefined {
  const planned = plan.stages.find((p) => p.stage.index === index);
  if (!planned || planned.base.kind !== 'image') return undefined;
  const want = normalizePlatform(expected ?? toPlatform(planned.platform));
  const got = toPlatform(actual);
  if (want.os === got.os && want.architecture === got.architecture) return undefined;
  const r = new Reporter(plan.dockerfile);
  const message = `Base image ${planned.baseName} was pulled with platform "${formatPlatform(got)}", expected "${formatPlatform(want)}" for current build`;
  r.report('InvalidBaseImagePlatform', message, planned.stage.from.location);
  return r.warnings[0];
}
