// References from one stage to another: FROM <stage>, COPY --from=<name|index>, RUN --mount=from=…
import type { Dockerfile, Instruction, Stage } from '../types.js';
import { BerthError } from '../../core/index.js';
import { DOCKERFILE_PARSE, nearest } from '../errors.js';
import { isValidImageReference } from './reference.js';

/** What a `--from` names: an earlier stage or an image. */
export type StageRef = { kind: 'stage'; index: number } | { kind: 'image'; ref: string };

/** A located error about an instruction. */
export function instructionError(df: Dockerfile, instruction: Instruction, message: string, hint?: string): BerthError {
  const { file, line, column } = instruction.location;
  const lineText = df.text.split('\n')[line - 1]?.replace(/\r$/, '');
  return new BerthError(DOCKERFILE_PARSE, `${file}:${line}:${column}: ${message}`, { hint, location: { file, line, column, lineText } });
}

/** The stage with this (case-insensitive) name, if any. */
export function findStageByName(df: Dockerfile, name: string): Stage | undefined {
  const lower = name.toLowerCase();
  return df.stages.find((s) => s.name === lower);
}

/**
 * Resolves `--from=value` used in `stage`: a stage name or index (which must be an earlier stage),
 * else an image reference (which must be valid).
 */
export function resolveFromRef(df: Dockerfile, stage: Stage, instruction: Instruction, value: string, flag: string): StageRef {
  const named = findStageByName(df, value);
  let target: Stage | undefined = named;
  if (!named && /^\d+$/.test(value)) {
    target = df.stages[Number(value)];
    if (!target) throw instructionError(df, instruction, `invalid stage index ${value}`, `stages are numbered 0 to ${df.stages.length - 1}`);
  }
  if (target) {
    const label = (s: Stage) => s.name ?? `stage-${s.index}`;
    if (target.index === stage.index) throw instructionError(df, instruction, `circular dependency detected on stage: ${label(stage)}`, `${flag} cannot name the stage it is used in`);
    if (target.index > stage.index) {
      throw instructionError(df, instruction, `cannot copy from stage ${JSON.stringify(value)}, it needs to be defined before current stage ${JSON.stringify(label(stage))}`, 'move that stage above this one');
    }
    return { kind: 'stage', index: target.index };
  }
  if (!isValidImageReference(value)) {
    const guess = nearest(value, df.stages.flatMap((s) => (s.name ? [s.name] : [])));
    throw instructionError(df, instruction, `${flag}=${value} is neither a stage name nor a valid image reference`, guess ? `did you mean the stage ${guess}?` : 'name an earlier stage (FROM … AS name) or an image like alpine:3.20');
  }
  return { kind: 'image', ref: value };
}

const NO_REFS: Array<[string, string]> = [];

/** Every `--from` value of an instruction (COPY --from, RUN --mount from=), with the flag name. */
export function fromValues(instruction: Instruction): Array<[string, string]> {
  if (instruction.kind !== 'COPY' && instruction.kind !== 'RUN' && instruction.kind !== 'ONBUILD') return NO_REFS;
  if (instruction.kind === 'COPY' && instruction.from !== undefined) return [[instruction.from, 'COPY --from']];
  if (instruction.kind === 'RUN') {
    if (!instruction.mounts.some((m) => m.from !== undefined)) return NO_REFS;
    return instruction.mounts.flatMap((m): Array<[string, string]> => (m.from !== undefined ? [[m.from, 'RUN --mount from']] : []));
  }
  if (instruction.kind === 'ONBUILD') return fromValues(instruction.trigger);
  return NO_REFS;
}
