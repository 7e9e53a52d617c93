// Stages, the parsed Dockerfile, the build plan and resolved steps.
import type { ArgInstruction, FromInstruction, Instruction } from './instructions.js';
import type { AstNode, Diagnostic, Directive } from './syntax.js';

/** A build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  /** 0-based position in the file. */
  index: number;
  /** Lowercased `AS` name, when given. */
  name?: string;
  from: FromInstruction;
  /** Instructions after FROM (FROM excluded). */
  instructions: Instruction[];
  /** Comment directly above FROM, if any (BuildKit's stage description). */
  description?: string;
}

/** A parsed, typed Dockerfile (no build arguments applied yet). */
export interface Dockerfile {
  filename: string;
  text: string;
  directives: Directive[];
  escapeChar: '\\' | '`';
  /** Every top-level instruction in source order. */
  nodes: AstNode[];
  /** ARG instructions before the first FROM (global scope for FROM lines). */
  metaArgs: ArgInstruction[];
  stages: Stage[];
  /** Parse-time warnings (e.g. NoEmptyContinuation). */
  warnings: Diagnostic[];
}

/** Options of parseDockerfile. */
export interface ParseOptions {
  /** Name shown in locations; default `Dockerfile`. */
  filename?: string;
}

/** Where a stage's root filesystem comes from. */
export type StageBase =
  | { kind: 'scratch' }
  | { kind: 'image'; ref: string }
  | { kind: 'stage'; index: number };

/** Decides whether a context path is excluded by .dockerignore (supplied by the build engine). */
export type IgnoreMatcher = (path: string) => boolean;

/** Options of planBuild. */
export interface PlanOptions {
  /** Stage to build (name, case-insensitive); default the last stage. */
  target?: string;
  /** `--build-arg` values; a value of undefined means "take it from the environment" already resolved by the caller. */
  buildArgs?: Record<string, string>;
  /** `os/arch[/variant]`; default the build platform. */
  targetPlatform?: string;
  /** `os/arch[/variant]` of the machine running the build; default linux/amd64. */
  buildPlatform?: string;
  /** .dockerignore matcher, for the CopyIgnoredFile check. */
  isIgnored?: IgnoreMatcher;
  /** Enable experimental checks. */
  experimentalChecks?: boolean;
}

/** A stage as the build engine should build it. */
export interface PlannedStage {
  stage: Stage;
  base: StageBase;
  /** The base name after expanding global ARGs (image ref, stage name or `scratch`). */
  baseName: string;
  /** The expanded `--platform`, or the target platform. */
  platform: string;
  /** Indexes of stages this one needs (base, COPY --from, RUN --mount from), without duplicates. */
  dependencies: number[];
}

/** The validated plan: which stages to build, in dependency order, plus warnings. */
export interface BuildPlan {
  dockerfile: Dockerfile;
  /** Stages reachable from the target, dependencies first; the target is last. */
  stages: PlannedStage[];
  /** Index (in dockerfile.stages) of the target stage. */
  target: number;
  /** Global ARG values (after build-arg overrides), as seen by FROM lines. */
  globalArgs: Record<string, string>;
  /** The --build-arg values the plan was made with. */
  buildArgs: Record<string, string>;
  /** Build-args no reachable ARG consumed. */
  unusedBuildArgs: string[];
  /** Check warnings, plus `[Warning] One or more build-args […] were not consumed`. */
  warnings: Diagnostic[];
  /** Checks configured as errors by `# check=error=true` that fired. */
  errors: Diagnostic[];
}

/** The base image config pieces that affect how a stage's instructions expand. */
export interface BaseImageConfig {
  /** `KEY=value` entries of the base image's Env. */
  env: string[];
  /** The base image's OnBuild triggers, run before the stage's own instructions. */
  onBuild?: string[];
}

/** One instruction ready to run: words expanded, plus the variables in scope (arrays/records may be shared between steps: treat as read-only). */
export interface ResolvedStep {
  /** The instruction with expandable words expanded (RUN/CMD/ENTRYPOINT shell text is left to the shell). */
  instruction: Instruction;
  /** True for triggers coming from the base image's ONBUILD. */
  fromOnbuild: boolean;
  /** Build args in scope at this step (name → value), set as environment for RUN but not saved in the image. */
  args: Record<string, string>;
  /** The image environment after this step, `KEY=value`. */
  env: string[];
  /** The full environment for RUN at this step: image env, ARG values and proxy build-args, `KEY=value`. */
  runEnv: string[];
}

/** A stage's instructions resolved against its base (see resolveStage). */
export interface ResolvedStage {
  /** Index of the stage in dockerfile.stages. */
  index: number;
  steps: ResolvedStep[];
  /** The image config Env at the end of the stage, `KEY=value`. */
  env: string[];
  /** Variables visible to expansion at the end (image env and ARG values, later definitions win), `KEY=value`. */
  shellEnv: string[];
  /** ARG values in scope at the end of the stage. */
  args: Record<string, string>;
  /** ONBUILD triggers this stage records (inherited by stages built FROM it). */
  onBuild: string[];
  /** Checks found while expanding (UndefinedVar); errors when `# check=error=true`. */
  warnings: Diagnostic[];
  errors: Diagnostic[];
}
