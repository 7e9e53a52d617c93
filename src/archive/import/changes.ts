// `import --change`/`commit --change`: Dockerfile instructions applied to an image config, with
// docker's rules (the instructions docker accepts there, shell form wrapped in /bin/sh -c,
// ENTRYPOINT clearing an inherited CMD, relative WORKDIR joined to the previous one).

import { posix } from 'node:path';
import { BerthError, type ContainerConfig } from '../../core/index.js';
import { parseJsonForm, parsePairs, splitWords } from './words.js';

type Apply = (config: ContainerConfig, args: string, state: { cmdSet: boolean }) => void;

const SHELL = ['/bin/sh', '-c'];

function command(args: string): string[] {
  return parseJsonForm(args) ?? [...SHELL, args];
}

const INSTRUCTIONS: Record<string, Apply> = {
  CMD(config, args, state) {
    config.Cmd = command(args);
    state.cmdSet = true;
  },
  ENTRYPOINT(config, args, state) {
    config.Entrypoint = command(args);
    if (!state.cmdSet) config.Cmd = null;
  },
  ENV(config, args) {
    const env = [...(config.Env ?? [])];
    for (const [key, value] of parsePairs('ENV', args)) {
      const at = env.findIndex((e) => e.split('=')[0] === key);
      if (at === -1) env.push(`${key}=${value}`);
      else env[at] = `${key}=${value}`;
    }
    config.Env = env;
  },
  LABEL(config, args) {
    config.Labels = { ...(config.Labels ?? {}) };
    for (const [key, value] of parsePairs('LABEL', args)) config.Labels[key] = value;
  },
  EXPOSE(config, args) {
    config.ExposedPorts = { ...(config.ExposedPorts ?? {}) };
    for (const spec of splitWords(args)) for (const port of expandPorts(spec)) config.ExposedPorts[port] = {};
  },
  USER(config, args) {
    config.User = single('USER', args);
  },
  WORKDIR(config, args) {
    const dir = single('WORKDIR', args);
    config.WorkingDir = posix.resolve('/', config.WorkingDir || '/', dir);
  },
  VOLUME(config, args) {
    const paths = parseJsonForm(args) ?? splitWords(args);
    if (paths.length === 0) throw new BerthError('CHANGE_INVALID', 'VOLUME requires at least one argument');
    config.Volumes = { ...(config.Volumes ?? {}) };
    for (const path of paths) {
      if (path.trim() === '') throw new BerthError('CHANGE_INVALID', 'VOLUME specified can not be an empty string');
      config.Volumes[path] = {};
    }
  },
  ONBUILD(config, args) {
    const trigger = args.trim();
    const word = trigger.split(/\s+/)[0]?.toUpperCase();
    if (word === 'ONBUILD') throw new BerthError('CHANGE_INVALID', 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
    if (word === 'FROM' || word === 'MAINTAINER') throw new BerthError('CHANGE_INVALID', `${word} isn't allowed as an ONBUILD trigger`);
    config.OnBuild = [...(config.OnBuild ?? []), trigger];
  },
  STOPSIGNAL(config, args) {
    config.StopSignal = single('STOPSIGNAL', args);
  },
};

function single(instruction: string, args: string): string {
  const words = splitWords(args);
  if (words.length !== 1) throw new BerthError('CHANGE_INVALID', `${instruction} requires exactly one argument`);
  return words[0];
}

/** `80` → 80/tcp; `53/udp`; `8000-8002` → three ports. */
function expandPorts(spec: string): string[] {
  const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(spec);
  if (!match) throw new BerthError('CHANGE_INVALID', `invalid containerPort: ${spec}`);
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  const proto = (match[3] ?? 'tcp').toLowerCase();
  if (last < first || last > 65535) throw new BerthError('CHANGE_INVALID', `invalid range specified for container port: ${spec}`);
  return Array.from({ length: last - first + 1 }, (_, i) => `${first + i}/${proto}`);
}

/** The instructions `--change` accepts. */
export const CHANGE_INSTRUCTIONS = Object.keys(INSTRUCTIONS);

/**
 * Applies `--change` values in order to `config` (changed in place). Throws CHANGE_INVALID naming
 * the change, e.g. `RUN is not a valid change command`.
 */
export function applyChanges(config: ContainerConfig, changes: string[]): ContainerConfig {
  const state = { cmdSet: false };
  for (const change of changes) {
    const text = change.trim();
    const space = text.search(/\s/);
    const word = (space === -1 ? text : text.slice(0, space)).toUpperCase();
    const args = space === -1 ? '' : text.slice(space + 1).trim();
    const apply = INSTRUCTIONS[word];
    if (apply === undefined) throw new BerthError('CHANGE_INVALID', `${word.toLowerCase() || '(empty)'} is not a valid change command`, { hint: `--change accepts ${CHANGE_INSTRUCTIONS.join(', ')}` });
    try {
      apply(config, args, state);
    } catch (err) {
      if (err instanceof BerthError) throw new BerthError(err.code, `--change '${change}': ${err.message}`);
      throw err;
    }
  }
  return config;
}
