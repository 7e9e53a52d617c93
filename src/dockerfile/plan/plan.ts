// Dockerfile + build options → BuildPlan: global ARGs, expanded FROM lines and platforms, the
// stage graph (validated), the stages the target needs, unused build-args, build checks.
import type { BuildPlan, Diagnostic, Dockerfile, PlanOptions, PlannedStage, Stage, StageBase } from '../types.js';
import { BerthError } from '../../core/index.js';
import { nearest } from '../errors.js';
import { lintDockerfile } from '../checks/lint.js';
import { envFromRecord, expandWord } from '../shell/lexer.js';
import { evaluateGlobalArgs, isPredefinedArg } from './args.js';
import { formatPlatform, hostPlatform, platformBuildArgs, toPlatform } from '../../core/platform.js';
import { isValidImageReference } from './reference.js';
import { findStageByName, fromValues, instructionError, resolveFromRef } from './stage-refs.js';

/**
 * Validates a parsed Dockerfile against build options and returns what to build: the target
 * stage and every stage it depends on (dependencies first), each with its base resolved and its
 * platform expanded, plus warnings. Throws a located BerthError for unknown targets, blank or
 * invalid base names, bad platforms, bad stage references and checks configured as errors.
 */
export function planBuild(df: Dockerfile, options: PlanOptions = {}): BuildPlan {
  const buildArgs = options.buildArgs ?? {};
  const build = options.buildPlatform ? toPlatform(options.buildPlatform) : hostPlatform();
  const target = options.targetPlatform ? toPlatform(options.targetPlatform) : build;
  const platform = platformBuildArgs(target, build);
  const globals = evaluateGlobalArgs(df.metaArgs, buildArgs, platform, df.escapeChar, (arg, err) => {
    throw instructionError(df, arg, err.message);
  });
  const expandGlobal = (stage: Stage, word: string) => {
    try {
      return expandWord(word, envFromRecord(globals.values), { escapeToken: df.escapeChar }).result;
    } catch (err) {
      throw instructionError(df, stage.from, (err as Error).message);
    }
  };
  const planned = df.stages.map((stage) => planStage(df, stage, expandGlobal, formatPlatform(target)));
  const targetStage = pickTarget(df, options.target);
  const needed = reachable(planned, targetStage.index);
  const consumed = new Set<string>(globals.declared);
  for (const p of needed) {
    const instructions = p.stage.instructions;
    for (let k = 0; k < instructions.length; k++) {
      const i = instructions[k];
      if (i.kind === 'ARG') for (const a of i.args) consumed.add(a.name);
    }
  }
  const unusedBuildArgs = Object.keys(buildArgs).filter((k) => !consumed.has(k) && !isPredefinedArg(k)).sort();
  const lint = lintDockerfile(df, { globalArgs: globals.values, declaredGlobals: globals.declared, platformArgs: platform, isIgnored: options.isIgnored, experimental: options.experimentalChecks, stages: needed.map((p) => p.stage.index) });
  const warnings: Diagnostic[] = [...lint.warnings];
  if (unusedBuildArgs.length > 0) {
    warnings.push({ rule: 'UnusedBuildArgs', level: 'warning', message: `[Warning] One or more build-args [${unusedBuildArgs.join(' ')}] were not consumed` });
  }
  return { dockerfile: df, stages: needed, target: targetStage.index, globalArgs: globals.values, buildArgs, unusedBuildArgs, warnings, errors: lint.errors };
}

function planStage(df: Dockerfile, stage: Stage, expand: (stage: Stage, word: string) => string, targetPlatform: string): PlannedStage {
  const baseName = expand(stage, stage.from.image);
  if (baseName === '') throw instructionError(df, stage.from, `base name (${stage.from.image}) should not be blank`, 'give the ARG used here a default value or pass --build-arg');
  let platform = targetPlatform;
  if (stage.from.platform !== undefined) {
    const value = expand(stage, stage.from.platform);
    if (value === '') throw instructionError(df, stage.from, `empty platform value from expression ${stage.from.platform}`, 'use --platform=$BUILDPLATFORM or a value like linux/amd64');
    try {
      platform = formatPlatform(toPlatform(value));
    } catch (err) {
      throw instructionError(df, stage.from, `failed to parse platform ${stage.from.platform}: ${(err as Error).message}`);
    }
  }
  const base = resolveBase(df, stage, baseName);
  const dependencies = new Set<number>();
  if (base.kind === 'stage') dependencies.add(base.index);
  const inherited = base.kind === 'stage' ? df.stages[base.index].instructions.filter((i) => i.kind === 'ONBUILD') : [];
  for (const instructions of [inherited, stage.instructions]) {
    for (let i = 0; i < instructions.length; i++) {
      const instruction = instructions[i];
      // Indexed: most instructions have no reference, and iterating an empty list still cost an iterator.
      const refs = fromValues(instruction);
      for (let k = 0; k < refs.length; k++) {
        const ref = resolveFromRef(df, stage, instruction, refs[k][0], refs[k][1]);
        if (ref.kind === 'stage') dependencies.add(ref.index);
      }
    }
  }
  return { stage, base, baseName, platform, dependencies: [...dependencies].sort((a, b) => a - b) };
}

function resolveBase(df: Dockerfile, stage: Stage, baseName: string): StageBase {
  if (baseName.toLowerCase() === 'scratch') return { kind: 'scratch' };
  const named = findStageByName(df, baseName);
  if (named && named.index < stage.index) return { kind: 'stage', index: named.index };
  if (!isValidImageReference(baseName)) {
    throw instructionError(df, stage.from, `failed to parse stage name ${JSON.stringify(baseName)}: invalid reference format`, 'image names are lowercase, like alpine:3.20 or registry:5000/team/app:tag');
  }
  return { kind: 'image', ref: baseName };
}

function pickTarget(df: Dockerfile, target: string | undefined): Stage {
  if (target === undefined) return df.stages[df.stages.length - 1];
  const stage = findStageByName(df, target);
  if (stage) return stage;
  const names = df.stages.flatMap((s) => (s.name ? [s.name] : []));
  const guess = nearest(target, names);
  throw new BerthError('DOCKERFILE_TARGET', `target stage ${JSON.stringify(target)} could not be found in ${df.filename}${guess ? ` (did you mean ${guess}?)` : ''}`, {
    hint: names.length > 0 ? `stages: ${names.join(', ')}` : 'name a stage with FROM … AS <name>',
  });
}

/** The target and its transitive dependencies, in stage order (dependencies are always earlier). */
function reachable(planned: PlannedStage[], target: number): PlannedStage[] {
  const seen = new Set<number>();
  const visit = (i: number) => {
    if (seen.has(i)) return;
    seen.add(i);
    for (const d of planned[i].dependencies) visit(d);
  };
  visit(target);
  return planned.filter((p) => seen.has(p.stage.index));
}
