// Progress of a multi-platform build: every step name carries its platform the way buildx shows
// it (`[linux/arm/v7 build 2/4] RUN …`, `[linux/arm64 internal] load metadata for …`).

import { formatPlatform, type Platform } from '../../core/index.js';
import type { BuildEvent, ProgressSink } from '../progress/index.js';

/** `name` with `platform` put inside its leading `[…]` (or in front of it when it has none). */
export function platformStepName(name: string, platform: Platform): string {
  const shown = formatPlatform(platform);
  return name.startsWith('[') ? `[${shown} ${name.slice(1)}` : `[${shown}] ${name}`;
}

/** A sink that forwards to `sink` with `platform` in every step name. */
export function platformProgress(sink: ProgressSink, platform: Platform): ProgressSink {
  return (event: BuildEvent) => {
    if (event.type === 'vertex-start' || event.type === 'vertex-cached') sink({ ...event, name: platformStepName(event.name, platform) });
    else sink(event);
  };
}
