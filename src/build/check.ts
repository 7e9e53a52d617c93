// `build --check`: everything a build does before its first step (plan, base image metadata,
// every stage's instructions expanded), so every check fires as in BuildKit, then nothing runs.
import { hostPlatform } from '../core/index.js';
import type { Diagnostic } from '../dockerfile/types.js';
import type { Store } from '../store/index.js';
import { openContext } from './context/index.js';
import { resolveAllStages } from './solver/dispatch.js';
import { plan } from './solver/frontend.js';
import { pullingResolver } from './solver/resolver.js';
import type { BuildOptions } from './build.js';

/** What `build --check` found. */
export interface CheckReport {
  /** Every finding in source order; those from checks configured as errors have level `error`. */
  findings: Diagnostic[];
  /** The Dockerfile and its name, for excerpts. */
  dockerfileText: string;
  dockerfileName: string;
}

/**
 * Runs the build checks of a build without building: like BuildKit's check call it loads the base
 * images' metadata (pulling what the store lacks), so UndefinedVar sees their ENV and
 * InvalidBaseImagePlatform their platform.
 */
export async function checkDockerfile(
  store: Store,
  options: Pick<BuildOptions, 'contextPath' | 'dockerfile' | 'stdin' | 'target' | 'buildArgs' | 'platform' | 'namedContexts' | 'pull' | 'signal'>,
): Promise<CheckReport> {
  const opened = await openContext({ path: options.contextPath, dockerfile: options.dockerfile, stdin: options.stdin });
  try {
    const platform = options.platform ?? hostPlatform();
    const buildPlan = plan(opened.dockerfileText, opened.dockerfileName, { target: options.target, buildArgs: options.buildArgs, platform, isIgnored: (p) => opened.context.isIgnored(p) });
    const dispatched = await resolveAllStages(buildPlan, {
      resolver: pullingResolver(store, { pull: options.pull, signal: options.signal }),
      progress: () => undefined,
      namedContexts: options.namedContexts ?? {},
      explicitPlatform: options.platform !== undefined,
      named: (name) => name,
    });
    return { findings: sortedBySource(dispatched.warnings), dockerfileText: opened.dockerfileText, dockerfileName: opened.dockerfileName };
  } finally {
    await opened.context.close();
  }
}

/** Findings by file and line, those without a location first, as buildx prints them. */
function sortedBySource(findings: Diagnostic[]): Diagnostic[] {
  return [...findings].sort((a, b) => {
    if (!a.location || !b.location) return a.location ? 1 : b.location ? -1 : a.rule.localeCompare(b.rule);
    return a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line;
  });
}
