// AstNode → typed Instruction, by keyword table; unknown keywords get a "did you mean" hint.
import type { Instruction, OnbuildInstruction } from '../types.js';
import type { SyntaxNode } from '../syntax/syntax-node.js';
import { nearest } from '../errors.js';
import { parseCmd, parseEntrypoint, parseHealthcheck, parseShell } from './command.js';
import { parseAdd, parseCopy } from './copy.js';
import { parseFrom } from './from.js';
import { parseArg, parseEnv, parseLabel } from './key-value.js';
import { InstructionRequest, type SourceFile } from './request.js';
import { parseRun } from './run.js';
import { parseExpose, parseMaintainer, parseStopsignal, parseUser, parseVolume, parseWorkdir } from './simple.js';

type Builder = (req: InstructionRequest) => Instruction;

const BUILDERS: Record<string, Builder> = {
  from: parseFrom,
  run: parseRun,
  cmd: parseCmd,
  entrypoint: parseEntrypoint,
  shell: parseShell,
  healthcheck: parseHealthcheck,
  copy: parseCopy,
  add: parseAdd,
  env: parseEnv,
  label: parseLabel,
  arg: parseArg,
  user: parseUser,
  workdir: parseWorkdir,
  stopsignal: parseStopsignal,
  maintainer: parseMaintainer,
  expose: parseExpose,
  volume: parseVolume,
  onbuild: parseOnbuild,
};

/** Every instruction keyword, upper case. */
export const INSTRUCTION_NAMES = Object.keys(BUILDERS).map((k) => k.toUpperCase());

/**
 * Types one AST node; throws a located BerthError for unknown instructions and bad arguments or
 * flags. `request` is a request over the same source to reuse.
 */
export function typeInstruction(node: SyntaxNode, source: SourceFile, request = new InstructionRequest(source)): Instruction {
  const req = request.reset(node);
  const builder = BUILDERS[node.keyword];
  if (!builder) {
    const guess = nearest(node.keywordText, INSTRUCTION_NAMES);
    req.fail(`unknown instruction: ${node.keywordText}${guess ? ` (did you mean ${guess}?)` : ''}`, guess ? `replace ${node.keywordText} with ${guess}` : `instructions are ${INSTRUCTION_NAMES.join(', ')}`);
  }
  // A copy, not the builder's object literal. V8 "pretenures" the objects of a literal when most of
  // them survive (allocates them straight into the old generation); typed instructions outlive a
  // parse, so theirs were, and once a parse was dropped those dead old objects kept its young AST
  // nodes alive through every young-generation collection until the next full one. Copies are
  // never pretenured. See "Dockerfile frontend and the garbage collector" in docs/architecture.md.
  return { ...builder(req) };
}

/** ONBUILD INSTRUCTION: stored in the image config, run when another build uses this image. */
function parseOnbuild(req: InstructionRequest): OnbuildInstruction {
  req.flags();
  const inner = req.node.inner;
  if (!inner) return req.fail('ONBUILD requires at least one argument', 'write ONBUILD <instruction>');
  const triggerName = inner.keyword.toUpperCase();
  const at = inner.start;
  if (triggerName === 'ONBUILD') req.fail('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed', undefined, at);
  if (triggerName === 'MAINTAINER' || triggerName === 'FROM') req.fail(`${triggerName} isn't allowed as an ONBUILD trigger`, undefined, at);
  const trigger = typeInstruction(inner, req.source);
  let expression = req.node.text.replace(/^\s*ONBUILD\s*/i, '');
  for (const doc of req.node.heredocs) expression += '\n' + doc.content + doc.name;
  return { node: req.node, location: req.location, kind: 'ONBUILD', expression, trigger };
}
