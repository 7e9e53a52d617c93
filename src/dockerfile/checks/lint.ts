// Runs every build check over a Dockerfile (BuildKit's rules plus berth's own).
import type { Diagnostic, Dockerfile, IgnoreMatcher } from '../types.js';
import { evaluateGlobalArgs } from '../plan/args.js';
import { lintInstruction } from './lint-instructions.js';
import { lintDescriptions, lintFrom, lintNames, lintStageBody, type StageTraits } from './lint-stages.js';
import { Reporter } from './reporter.js';

const NO_TRAITS: StageTraits = { absoluteWorkdir: false, customShell: false };

/** What lintDockerfile needs beyond the Dockerfile. */
export interface LintOptions {
  /** Global ARG values (with build-args and platform ARGs applied). */
  globalArgs: Record<string, string>;
  declaredGlobals: Set<string>;
  /** The automatic platform ARGs (for evaluating global ARG defaults alone). */
  platformArgs: Record<string, string>;
  /** .dockerignore matcher for CopyIgnoredFile. */
  isIgnored?: IgnoreMatcher;
  /** Enable experimental rules. */
  experimental?: boolean;
  /** Indexes of the stages being built (instruction-level checks run on these); default all. */
  stages?: number[];
}

/** Findings, split by severity (`error=true` in the check directive makes every finding an error). */
export interface LintResult {
  warnings: Diagnostic[];
  errors: Diagnostic[];
}

/** Runs the checks; the `# check=` directive decides which run and whether they are errors. */
export function lintDockerfile(df: Dockerfile, options: LintOptions): LintResult {
  const r = new Reporter(df, options.experimental);
  for (const w of df.warnings) if (w.location) r.report(w.rule, 'Empty continuation line', w.location);
  lintNames(df, r);
  const defaults = evaluateGlobalArgs(df.metaArgs, {}, options.platformArgs, df.escapeChar, () => {
    throw new Error('unreachable: defaults were already expanded once');
  });
  const ctx = { globalArgs: options.globalArgs, declaredGlobals: options.declaredGlobals, defaultGlobals: defaults.values };
  for (const arg of df.metaArgs) lintInstruction(arg, r, options.isIgnored);
  const building = new Set(options.stages ?? df.stages.map((s) => s.index));
  const traits = new Map<number, StageTraits>();
  for (const stage of df.stages) {
    lintFrom(df, stage, ctx, r);
    const base = df.stages.find((s) => s.index < stage.index && s.name !== undefined && s.name === stage.from.image.toLowerCase());
    const own = lintStageBody(stage, (base && traits.get(base.index)) || NO_TRAITS, r);
    traits.set(stage.index, own);
    if (!building.has(stage.index)) continue;
    for (let k = 0; k < stage.instructions.length; k++) lintInstruction(stage.instructions[k], r, options.isIgnored, own.customShell);
  }
  if (r.enabled('InvalidDefinitionDescription')) lintDescriptions(df, r);
  return { warnings: r.warnings, errors: r.errors };
}
