import { formatPlatform, normalizePlatform, parsePlatform, type Platform } from '../../core/index.js';
import type { Instruction, PlannedStage } from '../../dockerfile/types.js';

const COUNTED = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

/**
 * Names steps like BuildKit's progress: `[build 2/4] RUN …`, `[stage-1 1/3] FROM …`, `[2/4] …` for
 * a lone stage. Given the stage's platform (a multi-platform build), the label starts with it:
 * `[linux/arm/v7 build 2/4]`, and `[linux/amd64->arm/v7 build 2/4]` for a step on another
 * platform than the TARGET* build args in its scope name (the cross-compilation pattern).
 */
export class StageNamer {
  private index = 0;
  private readonly total: number;
  private readonly prefix: string;

  constructor(stage: PlannedStage, stageCount: number, instructions: readonly Instruction[], private readonly platform?: Platform) {
    this.total = 1 + instructions.filter((i) => COUNTED.has(i.kind)).length;
    const name = stage.stage.name ?? (stageCount > 1 ? `stage-${stage.stage.index}` : '');
    this.prefix = name ? `${name} ` : '';
  }

  /** The next step's label, e.g. `[build 2/4] RUN make`; `args` are the build args in the step's scope. */
  next(text: string, args: Readonly<Record<string, string>> = {}): string {
    this.index++;
    const width = String(this.total).length;
    const platform = this.platform ? `${formatPlatform(this.platform)}${targetArrow(this.platform, args)} ` : '';
    return `[${platform}${this.prefix}${String(this.index).padStart(width, ' ')}/${this.total}] ${text}`;
  }
}

/**
 * BuildKit's `->arch` suffix: the target the TARGETPLATFORM (else TARGETOS/TARGETARCH/TARGETVARIANT)
 * args in scope name, when its architecture or OS differs from the platform the step runs on.
 */
function targetArrow(base: Platform, args: Readonly<Record<string, string>>): string {
  let target: Platform | undefined;
  try {
    if (args.TARGETPLATFORM !== undefined) target = parsePlatform(args.TARGETPLATFORM);
  } catch {
    target = undefined;
  }
  if (target === undefined && ['TARGETOS', 'TARGETARCH', 'TARGETVARIANT'].some((k) => args[k] !== undefined)) {
    target = { os: args.TARGETOS || base.os, architecture: args.TARGETARCH || base.architecture, variant: args.TARGETVARIANT || undefined };
  }
  if (target === undefined) return '';
  const t = normalizePlatform(target);
  if (t.os !== base.os) return `->${formatPlatform(t)}`;
  if (t.architecture !== base.architecture) return `->${t.architecture}${t.variant ? `/${t.variant}` : ''}`;
  return '';
}

/** `name` with `platform` put inside its leading `[…]` (or in front of it when it has none), as in `[linux/arm64 internal] load metadata for …`. */
export function platformStepName(name: string, platform: Platform): string {
  const shown = formatPlatform(platform);
  return name.startsWith('[') ? `[${shown} ${name.slice(1)}` : `[${shown}] ${name}`;
}

/** An instruction as shown in progress: keyword upper-cased, the rest as written (continuations joined). */
export function instructionText(instruction: Instruction): string {
  const { node } = instruction;
  return `${node.keyword.toUpperCase()}${node.text.slice(node.keywordText.length)}`;
}
