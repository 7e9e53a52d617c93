// Instructions holding a command: CMD, ENTRYPOINT, SHELL, HEALTHCHECK.
import type { CmdInstruction, EntrypointInstruction, HealthcheckConfig, HealthcheckInstruction, ShellInstruction } from '../types.js';
import { parseGoDuration } from './duration.js';
import type { FlagKind } from './flags.js';
import type { InstructionRequest } from './request.js';

/** Flags HEALTHCHECK CMD accepts. */
const HEALTHCHECK_FLAGS: Record<string, FlagKind> = { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' };

/** CMD. */
export function parseCmd(req: InstructionRequest): CmdInstruction {
  req.flags();
  return { node: req.node, location: req.location, kind: 'CMD', command: req.command() };
}

/** ENTRYPOINT. */
export function parseEntrypoint(req: InstructionRequest): EntrypointInstruction {
  req.flags();
  return { node: req.node, location: req.location, kind: 'ENTRYPOINT', command: req.command() };
}

/** SHELL ["executable", "parameters"] — JSON form only. */
export function parseShell(req: InstructionRequest): ShellInstruction {
  req.flags();
  if (req.args.length === 0) req.fail('SHELL requires at least one argument', 'write SHELL ["/bin/sh", "-c"]');
  if (!req.node.json) req.failArgs('SHELL requires the arguments to be in JSON form', `write SHELL ${JSON.stringify(req.args.join(' ').split(/\s+/))}`);
  return { node: req.node, location: req.location, kind: 'SHELL', shell: req.args };
}

const MIN_DURATION_NS = 1e6;

function interval(req: InstructionRequest, name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  let ns: number;
  try {
    ns = parseGoDuration(value);
  } catch (err) {
    return req.fail(`${(err as Error).message} in --${name}`, 'use a duration like 30s, 1m30s or 500ms');
  }
  if (ns === 0) return undefined;
  if (ns < MIN_DURATION_NS) req.fail(`Interval "${name}" cannot be less than 1ms`);
  return ns;
}

/** HEALTHCHECK NONE | HEALTHCHECK [--interval --timeout --start-period --start-interval --retries] CMD … */
export function parseHealthcheck(req: InstructionRequest): HealthcheckInstruction {
  if (req.args.length === 0) req.fail('HEALTHCHECK requires at least one argument', 'write HEALTHCHECK NONE or HEALTHCHECK CMD <command>');
  const type = req.args[0].toUpperCase();
  const rest = req.args.slice(1);
  if (type === 'NONE') {
    if (rest.length !== 0) req.failArgs('HEALTHCHECK NONE takes no arguments');
    return { node: req.node, location: req.location, kind: 'HEALTHCHECK', health: { test: ['NONE'] } };
  }
  const flags = req.flags(HEALTHCHECK_FLAGS);
  if (type !== 'CMD') req.failArgs(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`, 'write HEALTHCHECK CMD <command> or HEALTHCHECK NONE');
  if (rest.length === 0) req.failArgs('Missing command after HEALTHCHECK CMD');
  const health: HealthcheckConfig = { test: req.node.json ? ['CMD', ...rest] : ['CMD-SHELL', rest.join(' ')] };
  const set = (key: 'intervalNs' | 'timeoutNs' | 'startPeriodNs' | 'startIntervalNs', flag: string) => {
    const ns = interval(req, flag, flags.string(flag));
    if (ns !== undefined) health[key] = ns;
  };
  set('intervalNs', 'interval');
  set('timeoutNs', 'timeout');
  set('startPeriodNs', 'start-period');
  set('startIntervalNs', 'start-interval');
  const retries = flags.string('retries');
  if (retries !== undefined && retries !== '') {
    if (!/^[+-]?\d+$/.test(retries)) req.fail(`invalid --retries value ${JSON.stringify(retries)}`, 'use a whole number');
    const n = Number(retries);
    if (n < 0) req.fail(`--retries cannot be negative (${n})`);
    health.retries = n;
  }
  return { node: req.node, location: req.location, kind: 'HEALTHCHECK', health };
}
