// FROM [--platform=p] image [AS name]
import type { FromInstruction } from '../types.js';
import type { FlagKind } from './flags.js';
import type { InstructionRequest } from './request.js';

/** Flags FROM accepts. */
const FROM_FLAGS: Record<string, FlagKind> = { platform: 'string' };

/** Valid stage names (after lowercasing), as in BuildKit. */
export const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

/** Types a FROM line. */
export function parseFrom(req: InstructionRequest): FromInstruction {
  const flags = req.flags(FROM_FLAGS);
  const args = req.args;
  let stageName: string | undefined;
  if (args.length === 3 && args[1].toLowerCase() === 'as') {
    stageName = args[2].toLowerCase();
    if (!STAGE_NAME.test(stageName)) {
      req.fail(`invalid name for build stage: ${JSON.stringify(args[2])}, name can't start with a number or contain symbols`, 'use lowercase letters, digits, "-", "_" and "."; start with a letter', req.node.argStart(2));
    }
  } else if (args.length !== 1) {
    const hint = args.length === 2 || (args.length === 3 && args[1].toLowerCase() !== 'as') ? 'write FROM <image> AS <name>' : 'write FROM <image> [AS <name>]';
    req.fail('FROM requires either one or three arguments', hint);
  }
  const from: FromInstruction = { node: req.node, location: req.location, kind: 'FROM', image: args[0] };
  if (stageName !== undefined) from.stageName = stageName;
  const platform = flags.string('platform');
  if (platform !== undefined) from.platform = platform;
  return from;
}
