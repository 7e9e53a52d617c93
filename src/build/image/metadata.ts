import { posix } from 'node:path';
import type { ContainerConfig, HealthConfig } from '../../core/index.js';
import type { CommandLine, HealthcheckConfig, Instruction } from '../../dockerfile/types.js';
import { goQuoteList } from './state.js';
import type { ImageState } from './state.js';

/** The shell of a stage: SHELL if set, else `/bin/sh -c`. */
export function stageShell(config: ContainerConfig | undefined): string[] {
  return config?.Shell && config.Shell.length > 0 ? config.Shell : ['/bin/sh', '-c'];
}

/** argv of a command: exec form as written, shell form through the stage's shell (BuildKit's withShell). */
export function commandArgv(command: CommandLine, config: ContainerConfig | undefined): string[] {
  return command.form === 'exec' ? command.args : [...stageShell(config), command.command];
}

/** Expands EXPOSE specs like docker's nat.ParsePortSpecs: `80`, `80/udp`, `8000-8002/tcp`. */
export function exposedPorts(specs: readonly string[]): string[] {
  const out: string[] = [];
  for (const spec of specs) {
    const [range, proto = 'tcp'] = spec.split('/');
    const [start, end = start] = range.split('-').map((p) => Number.parseInt(p, 10));
    for (let port = start; port <= end; port++) out.push(`${port}/${proto.toLowerCase()}`);
  }
  return out;
}

/** Go's time.Duration String() for whole nanoseconds (`30s`, `5m0s`, `1h0m0s`, `1.5s`, `100ms`). */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  if (ns < 1e9) {
    if (ns < 1e3) return `${ns}ns`;
    if (ns < 1e6) return `${ns / 1e3}µs`;
    return `${ns / 1e6}ms`;
  }
  const totalSeconds = ns / 1e9;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Number((totalSeconds % 60).toFixed(9));
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

function goQuoteInt(n: number): string {
  return n >= 32 && n < 127 ? `'${String.fromCharCode(n)}'` : `'\\x${n.toString(16).padStart(2, '0')}'`;
}

function healthConfig(h: HealthcheckConfig): HealthConfig {
  const out: HealthConfig = { Test: h.test };
  if (h.intervalNs) out.Interval = h.intervalNs;
  if (h.timeoutNs) out.Timeout = h.timeoutNs;
  if (h.startPeriodNs) out.StartPeriod = h.startPeriodNs;
  if (h.startIntervalNs) out.StartInterval = h.startIntervalNs;
  if (h.retries) out.Retries = h.retries;
  return out;
}

function healthHistory(h: HealthConfig): string {
  const d = (ns?: number): string => JSON.stringify(goDuration(ns ?? 0));
  return `HEALTHCHECK &{${goQuoteList(h.Test ?? [])} ${d(h.Interval)} ${d(h.Timeout)} ${d(h.StartPeriod)} ${goQuoteInt(h.Retries ?? 0)}}`;
}

/**
 * Applies an instruction that changes only the image config (not WORKDIR/RUN/COPY/ADD) to `state`
 * exactly as BuildKit's Dockerfile frontend does, and returns the history `created_by` text.
 * `env` is the image environment after the step (ENV), as the frontend resolved it.
 */
export function applyMetadata(state: ImageState, instruction: Instruction, env: string[]): string | undefined {
  const c = (state.config.config ??= {});
  switch (instruction.kind) {
    case 'ENV':
      c.Env = [...env];
      return `ENV ${instruction.pairs.map((p) => `${p.key}=${p.value}`).join(' ')}`;
    case 'LABEL':
      c.Labels ??= {};
      for (const p of instruction.pairs) c.Labels[p.key] = p.value;
      return `LABEL ${instruction.pairs.map((p) => `${p.key}=${p.value}`).join(' ')}`;
    case 'MAINTAINER':
      state.config.author = instruction.maintainer;
      return `MAINTAINER ${instruction.maintainer}`;
    case 'EXPOSE': {
      const ports = exposedPorts(instruction.ports);
      c.ExposedPorts ??= {};
      for (const p of ports) c.ExposedPorts[p] = {};
      return `EXPOSE map[${[...new Set(ports)].sort().map((p) => `${p}:{}`).join(' ')}]`;
    }
    case 'VOLUME':
      c.Volumes ??= {};
      for (const p of instruction.paths) c.Volumes[p] = {};
      return `VOLUME [${instruction.paths.join(' ')}]`;
    case 'USER':
      c.User = instruction.user;
      return `USER ${instruction.user}`;
    case 'CMD':
      c.Cmd = commandArgv(instruction.command, c);
      state.cmdSet = true;
      return `CMD ${goQuoteList(c.Cmd)}`;
    case 'ENTRYPOINT':
      c.Entrypoint = commandArgv(instruction.command, c);
      if (!state.cmdSet) c.Cmd = null;
      return `ENTRYPOINT ${goQuoteList(c.Entrypoint)}`;
    case 'SHELL':
      c.Shell = [...instruction.shell];
      return `SHELL [${instruction.shell.join(' ')}]`;
    case 'STOPSIGNAL':
      c.StopSignal = instruction.signal;
      return `STOPSIGNAL ${instruction.signal}`;
    case 'HEALTHCHECK':
      c.Healthcheck = healthConfig(instruction.health);
      return healthHistory(c.Healthcheck);
    case 'ONBUILD':
      c.OnBuild = [...(c.OnBuild ?? []), instruction.expression];
      return `ONBUILD ${instruction.expression}`;
    case 'ARG':
      return `ARG ${instruction.args.map((a) => (a.defaultValue === undefined ? a.name : `${a.name}=${a.defaultValue}`)).join(' ')}`;
    default:
      return undefined;
  }
}

/** The absolute working directory after `WORKDIR path` (relative paths join the current one). */
export function resolveWorkdir(current: string | undefined, path: string): string {
  return posix.isAbsolute(path) ? path : posix.join('/', current ?? '/', path);
}
