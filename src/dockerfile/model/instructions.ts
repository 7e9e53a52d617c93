// Typed instructions, one interface per Dockerfile instruction.
import type { AstNode, Heredoc } from './syntax.js';

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
