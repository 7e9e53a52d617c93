// RUN [--mount=…]… [--network=…] [--security=…] command (shell form may carry heredocs).
import type { MountSpec, RunInstruction } from '../types.js';
import { MountError, parseMount } from './mount.js';
import type { FlagKind } from './flags.js';
import type { InstructionRequest } from './request.js';
import { EMPTY } from '../syntax/syntax-node.js';

/** Flags RUN accepts. */
const RUN_FLAGS: Record<string, FlagKind> = { mount: 'strings', network: 'string', security: 'string' };

const NETWORKS = ['default', 'none', 'host'] as const;
const SECURITY = ['sandbox', 'insecure'] as const;

/**
 * Types one --mount value as written. Values holding variables are only checked once expanded
 * (resolveStage does that); `from=` may never hold one, as in BuildKit.
 */
function mountAsWritten(req: InstructionRequest, text: string, offset: number): MountSpec {
  try {
    return parseMount(text);
  } catch (err) {
    if (!(err instanceof MountError)) throw err;
    if (text.includes('$') && !err.message.includes("'from'")) return { type: 'bind', readonly: true, original: text };
    return req.fail(err.message, err.hint, offset);
  }
}

/** RUN. */
export function parseRun(req: InstructionRequest): RunInstruction {
  const flags = req.flags(RUN_FLAGS);
  let mounts: MountSpec[] = EMPTY;
  const written = req.node.flags;
  for (let k = 0; k < written.length; k++) {
    if (written[k].name !== 'mount') continue;
    const mount = mountAsWritten(req, flags.at(k), written[k].start);
    // A literal for the first: pushing onto [] would reserve room for 17.
    if (mounts === EMPTY) mounts = [mount];
    else mounts.push(mount);
  }
  if (req.argCount === 0 && !req.node.json) req.fail('RUN requires at least one argument', 'write RUN <command>');
  const run: RunInstruction = { node: req.node, location: req.location, kind: 'RUN', command: req.command(), mounts, heredocs: req.node.heredocs };
  const network = flags.string('network');
  if (network !== undefined) {
    if (!(NETWORKS as readonly string[]).includes(network)) req.fail(`invalid network mode ${JSON.stringify(network)}`, `use one of ${NETWORKS.join(', ')}`);
    run.network = network as RunInstruction['network'];
  }
  const security = flags.string('security');
  if (security !== undefined) {
    if (!(SECURITY as readonly string[]).includes(security)) req.fail(`invalid security mode ${JSON.stringify(security)}`, `use one of ${SECURITY.join(', ')}`);
    run.security = security as RunInstruction['security'];
  }
  return run;
}
