// The typed model of a Dockerfile, from raw syntax (AstNode) to typed instructions (Instruction),
// stages (Stage) and the build plan (BuildPlan) the build engine consumes. This file is a
// contract with src/build/: change it additively only.

/** A point in the source text: 1-based line and column (in UTF-16 units), 0-based offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open span of source text: `start` inclusive, `end` exclusive. */
export interface SourceRange {
  start: Position;
  end: Position;
}

/** A piece of text together with where it came from; `value` is after parsing (JSON decoded, continuations joined). */
export interface Word {
  value: string;
  range: SourceRange;
}

/** A `--name=value` (or bare `--name`) flag as written after an instruction keyword. */
export interface Flag {
  name: string;
  /** undefined for a bare `--name` (boolean flags). */
  value: string | undefined;
  /** The flag exactly as written, e.g. `--from=build`. */
  original: string;
  range: SourceRange;
}

/** One here-document attached to an instruction (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`). */
export interface Heredoc {
  /** The delimiter word, quotes removed. */
  name: string;
  /** The body, lines joined with `\n` (ends with `\n` unless empty); tabs already stripped for `<<-`. */
  content: string;
  /** False when the delimiter was quoted: the body must not be variable-expanded. */
  expand: boolean;
  /** True for `<<-`: leading tabs were stripped from each body line. */
  chomp: boolean;
  /** File descriptor written before `<<` (e.g. `3<<EOF`), when present. */
  fileDescriptor?: number;
  range: SourceRange;
}

/**
 * A raw instruction as parsed, before typing: BuildKit's AST node. `args` are the argument nodes
 * exactly as BuildKit's parser produces them (what the conformance dump prints).
 */
export interface AstNode {
  /** Keyword lowercased (`from`, `run`, …). */
  keyword: string;
  /** The keyword as written. */
  keywordText: string;
  keywordRange: SourceRange;
  flags: Flag[];
  args: Word[];
  /** True when the arguments came from a JSON array (exec form). */
  json: boolean;
  heredocs: Heredoc[];
  /** For ONBUILD: the wrapped instruction. */
  inner?: AstNode;
  /** The whole instruction as written (continuations, heredoc bodies and inner comments included). */
  original: string;
  /** The instruction text with continuations joined and comments removed (heredoc bodies excluded). */
  text: string;
  /** Everything after keyword and flags, continuations joined. */
  rest: string;
  restRange: SourceRange;
  /** Comment lines directly above the instruction (without `#`), used for descriptions. */
  comments: string[];
  range: SourceRange;
  startLine: number;
  endLine: number;
}

/** A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) at the top of the file. */
export interface Directive {
  name: 'syntax' | 'escape' | 'check';
  value: string;
  range: SourceRange;
}

/** How severe a diagnostic is; `error` checks fail `berth build --check`. */
export type DiagnosticLevel = 'warning' | 'error';

/** A build-check finding or other non-fatal problem. */
export interface Diagnostic {
  /** Rule name, e.g. `LegacyKeyValueFormat` (ours: `ShellFormLooksLikeJson`, `CopyIgnoredFile`, …). */
  rule: string;
  /** One line: `"ENV key=value" should be used instead of legacy "ENV key value" format`. */
  message: string;
  level: DiagnosticLevel;
  location?: { file: string; line: number; column: number; lineText?: string; range?: SourceRange };
  /** Documentation page, when there is one. */
  url?: string;
}

/** RUN/CMD/ENTRYPOINT/HEALTHCHECK command: exec form (argv) or shell form (one string run by the stage's SHELL). */
export type CommandLine =
  | { form: 'exec'; args: string[] }
  | { form: 'shell'; command: string };

/** Fields common to every typed instruction. */
export interface InstructionBase {
  node: AstNode;
  /** `Dockerfile:LINE:COL` style location of the keyword. */
  location: { file: string; line: number; column: number };
}

/** `FROM [--platform=p] image [AS name]`. */
export interface FromInstruction extends InstructionBase {
  kind: 'FROM';
  image: string;
  stageName?: string;
  platform?: string;
}

/** One `--mount=…` of RUN. */
export interface MountSpec {
  type: 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
  target?: string;
  source?: string;
  from?: string;
  readonly: boolean;
  id?: string;
  sharing?: 'shared' | 'private' | 'locked';
  mode?: number;
  uid?: number;
  gid?: number;
  required?: boolean;
  /** tmpfs size in bytes. */
  size?: number;
  /** secret: expose as this environment variable. */
  env?: string;
  /** The flag value as written. */
  original: string;
}

/** `RUN [--mount=…] [--network=…] [--security=…] command`. */
export interface RunInstruction extends InstructionBase {
  kind: 'RUN';
  command: CommandLine;
  mounts: MountSpec[];
  network?: 'default' | 'none' | 'host';
  security?: 'sandbox' | 'insecure';
  heredocs: Heredoc[];
}

/** `CMD`. */
export interface CmdInstruction extends InstructionBase {
  kind: 'CMD';
  command: CommandLine;
}

/** `ENTRYPOINT`. */
export interface EntrypointInstruction extends InstructionBase {
  kind: 'ENTRYPOINT';
  command: CommandLine;
}

/** One key/value of ENV or LABEL, quotes processed. */
export interface KeyValue {
  key: string;
  value: string;
  /** True for the legacy `ENV key value` form. */
  legacy: boolean;
}

/** `LABEL k=v …`. */
export interface LabelInstruction extends InstructionBase {
  kind: 'LABEL';
  pairs: KeyValue[];
}

/** `MAINTAINER name` (deprecated). */
export interface MaintainerInstruction extends InstructionBase {
  kind: 'MAINTAINER';
  maintainer: string;
}

/** `EXPOSE 80/tcp …`. */
export interface ExposeInstruction extends InstructionBase {
  kind: 'EXPOSE';
  ports: string[];
}

/** `ENV k=v …`. */
export interface EnvInstruction extends InstructionBase {
  kind: 'ENV';
  pairs: KeyValue[];
}

/** A COPY/ADD source: a path in the context/stage/URL, or an inline heredoc file. */
export type CopySource =
  | { kind: 'path'; path: string }
  | { kind: 'heredoc'; heredoc: Heredoc };

/** Flags and operands shared by COPY and ADD. */
export interface CopyLike extends InstructionBase {
  sources: CopySource[];
  dest: string;
  chown?: string;
  chmod?: string;
  link: boolean;
  parents: boolean;
  exclude: string[];
}

/** `COPY [--from=…] [--chown] [--chmod] [--link] [--parents] [--exclude] src… dest`. */
export interface CopyInstruction extends CopyLike {
  kind: 'COPY';
  /** Stage name, stage index or image reference. */
  from?: string;
}

/** `ADD [--checksum] [--keep-git-dir] [--unpack] … src… dest`. */
export interface AddInstruction extends CopyLike {
  kind: 'ADD';
  checksum?: string;
  keepGitDir?: boolean;
  unpack?: boolean;
}

/** `VOLUME /a /b` or `VOLUME ["/a"]`. */
export interface VolumeInstruction extends InstructionBase {
  kind: 'VOLUME';
  paths: string[];
}

/** `USER name[:group]`. */
export interface UserInstruction extends InstructionBase {
  kind: 'USER';
  user: string;
}

/** `WORKDIR path`. */
export interface WorkdirInstruction extends InstructionBase {
  kind: 'WORKDIR';
  path: string;
}

/** One declaration of ARG. */
export interface ArgDeclaration {
  name: string;
  /** The default (unexpanded at parse time), undefined when there is none. */
  defaultValue?: string;
}

/** `ARG name[=default] …`. */
export interface ArgInstruction extends InstructionBase {
  kind: 'ARG';
  args: ArgDeclaration[];
}

/** `ONBUILD INSTRUCTION`: `trigger` is the wrapped instruction, `expression` its text for the image config. */
export interface OnbuildInstruction extends InstructionBase {
  kind: 'ONBUILD';
  expression: string;
  trigger: Instruction;
}

/** `STOPSIGNAL sig`. */
export interface StopsignalInstruction extends InstructionBase {
  kind: 'STOPSIGNAL';
  signal: string;
}

/** HEALTHCHECK settings, durations in nanoseconds like docker's image config. */
export interface HealthcheckConfig {
  /** `["NONE"]`, `["CMD", …argv]` or `["CMD-SHELL", command]` as in docker's config. */
  test: string[];
  intervalNs?: number;
  timeoutNs?: number;
  startPeriodNs?: number;
  startIntervalNs?: number;
  retries?: number;
}

/** `HEALTHCHECK NONE` or `HEALTHCHECK [opts] CMD …`. */
export interface HealthcheckInstruction extends InstructionBase {
  kind: 'HEALTHCHECK';
  health: HealthcheckConfig;
}

/** `SHELL ["executable", "params"]`. */
export interface ShellInstruction extends InstructionBase {
  kind: 'SHELL';
  shell: string[];
}

/** Any typed instruction, discriminated by `kind`. */
export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | LabelInstruction
  | MaintainerInstruction
  | ExposeInstruction
  | EnvInstruction
  | AddInstruction
  | CopyInstruction
  | VolumeInstruction
  | UserInstruction
  | WorkdirInstruction
  | ArgInstruction
  | OnbuildInstruction
  | StopsignalInstruction
  | HealthcheckInstruction
  | ShellInstruction;

/** The instruction keywords, upper case. */
export type InstructionKind = Instruction['kind'];

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
