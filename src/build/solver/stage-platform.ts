// BuildKit's platform rules for a solve: the platform each stage builds for, the
// InvalidBaseImagePlatform check of a resolved base image, and the target platform written into
// the image config.
import { normalizePlatform, parsePlatform, type ImageConfig, type Platform } from '../../core/index.js';
import type { BuildPlan, Diagnostic, PlannedStage } from '../../dockerfile/index.js';
import { checkEmulation, configPlatform } from '../../platform/index.js';
import { baseImagePlatformFinding } from './frontend.js';

/**
 * The platform a stage builds for: its base stage's when it is built FROM another stage (BuildKit
 * inherits it, whatever the stage's own --platform), else its expanded FROM --platform or the target.
 */
export function stagePlatform(planned: PlannedStage, byIndex: ReadonlyMap<number, PlannedStage>): Platform {
  const base = planned.base.kind === 'stage' ? byIndex.get(planned.base.index) : undefined;
  return base !== undefined ? stagePlatform(base, byIndex) : normalizePlatform(parsePlatform(planned.platform));
}

/**
 * BuildKit's InvalidBaseImagePlatform for a stage whose base image `config` is for another OS or
 * architecture than `expected`. Without an explicit target (`implicit`: no --platform) and no FROM
 * --platform, BuildKit builds on the base's own platform when this machine runs it (natively or
 * through a qemu handler), so nothing is reported then.
 */
export async function basePlatformFinding(buildPlan: BuildPlan, planned: PlannedStage, config: ImageConfig, expected: Platform, implicit: boolean): Promise<Diagnostic | undefined> {
  const actual = configPlatform(config);
  const finding = baseImagePlatformFinding(buildPlan, planned.stage.index, actual, expected);
  if (finding === undefined || !implicit || planned.stage.from.platform !== undefined) return finding;
  const runnable = await checkEmulation(actual).then(() => true, () => false);
  return runnable ? undefined : finding;
}

/** Writes `platform` (os, architecture, variant, os.version, os.features) over a config's own, as BuildKit does for the target image of a build given --platform. */
export function setConfigPlatform(config: ImageConfig, platform: Platform): void {
  const target = normalizePlatform(platform);
  config.os = target.os;
  config.architecture = target.architecture;
  delete config.variant;
  delete config['os.version'];
  delete config['os.features'];
  if (target.variant) config.variant = target.variant;
  if (target['os.version']) config['os.version'] = target['os.version'];
  if (target['os.features']?.length) config['os.features'] = [...target['os.features']];
}
