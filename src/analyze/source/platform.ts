import { BerthError, bestPlatformIndex, hostPlatform, parsePlatform, type Descriptor } from '../../core/index.js';

/** The index entry for `platform` (default: this host's); PLATFORM_MISMATCH naming `name` when none fits. */
export function choosePlatform(descriptors: Descriptor[], name: string, platform?: string): Descriptor {
  const best = bestPlatformIndex(platform === undefined ? hostPlatform() : parsePlatform(platform), descriptors.map((d) => d.platform));
  if (best < 0) throw new BerthError('PLATFORM_MISMATCH', `${name}: no manifest for platform ${platform ?? 'of this host'}`, { hint: 'pass --platform' });
  return descriptors[best];
}
