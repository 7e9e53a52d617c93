// The library entry point: Dockerfile text → typed stages (parseDockerfile), and base-image
// ONBUILD triggers → typed instructions (parseOnbuildTriggers).
import type { ArgInstruction, Dockerfile, FromInstruction, Instruction, ParseOptions, Stage } from './types.js';
import { BerthError } from '../core/index.js';
import { DOCKERFILE_PARSE } from './errors.js';
import { typeInstruction } from './instructions/dispatch.js';
import { InstructionRequest } from './instructions/request.js';
import type { SyntaxNode } from './syntax/syntax-node.js';
import { shareLineIndex } from './syntax/source.js';
import { parseAst } from './syntax/ast-parser.js';

/**
 * Parses a Dockerfile into its AST, typed instructions and stages, exactly as BuildKit's parser
 * and instruction layer do. Throws a BerthError (code DOCKERFILE_PARSE) naming file:line:column,
 * with the offending line in `location.lineText` and a fix in `hint` when there is an obvious one.
 */
export function parseDockerfile(text: string, options: ParseOptions = {}): Dockerfile {
  const filename = options.filename ?? 'Dockerfile';
  const ast = parseAst(text, filename);
  const source = { file: filename, index: ast.index };
  const request = new InstructionRequest(source);
  const stageSizes = instructionsPerStage(ast.nodes);
  const metaArgs: ArgInstruction[] = [];
  const stages: Stage[] = [];
  let used = 0;
  // Indexed loops over instructions here and in plan, lint and resolve: these run once per build,
  // often before the optimizing compiler has them, and for-of then allocates per instruction.
  for (let k = 0; k < ast.nodes.length; k++) {
    const node = ast.nodes[k];
    const instruction = typeInstruction(node, source, request);
    if (instruction.kind === 'FROM') {
      stages.push(newStage(instruction, stages.length, stageSizes[stages.length]));
      used = 0;
    } else if (stages.length === 0 && instruction.kind === 'ARG') {
      metaArgs.push(instruction);
    } else if (stages.length === 0) {
      const { line, column } = instruction.location;
      throw new BerthError(DOCKERFILE_PARSE, `${filename}:${line}:${column}: no build stage in current context: ${instruction.kind} comes before the first FROM`, {
        hint: 'only ARG may come before the first FROM; add FROM <image> above this line',
        location: { file: filename, line, column, lineText: ast.index.lineText(line) },
      });
    } else {
      stages[stages.length - 1].instructions[used++] = instruction;
    }
  }
  if (stages.length === 0) {
    const last = ast.nodes[ast.nodes.length - 1];
    const { line, column } = last.keywordRange.start;
    throw new BerthError(DOCKERFILE_PARSE, `${filename}:${line}:${column}: dockerfile contains no stages to build`, {
      hint: 'add a FROM instruction after the global ARGs',
      location: { file: filename, line, column, lineText: ast.index.lineText(line) },
    });
  }
  const dockerfile: Dockerfile = { filename, text, directives: ast.directives, escapeChar: ast.escapeChar, nodes: ast.nodes, metaArgs, stages, warnings: ast.warnings };
  // Check findings quote source lines: they use the parser's index instead of making another.
  shareLineIndex(dockerfile, ast.index);
  return dockerfile;
}

/**
 * How many instructions follow each FROM, so each stage's list is made at its size: grown by
 * push, a large stage's list was copied over and over.
 */
function instructionsPerStage(nodes: SyntaxNode[]): number[] {
  const sizes: number[] = [];
  for (let k = 0; k < nodes.length; k++) {
    if (nodes[k].keyword === 'from') sizes.push(0);
    else if (sizes.length > 0) sizes[sizes.length - 1]++;
  }
  return sizes;
}

function newStage(from: FromInstruction, index: number, size: number): Stage {
  const stage: Stage = { index, from, instructions: new Array<Instruction>(size) };
  if (from.stageName !== undefined) stage.name = from.stageName;
  const comments = from.node.comments;
  if (comments.length > 0) stage.description = comments.join('\n');
  return stage;
}

/**
 * Parses the OnBuild triggers of a base image config (one instruction text each) into typed
 * instructions, in order. FROM, MAINTAINER and ONBUILD triggers are refused as in BuildKit.
 */
export function parseOnbuildTriggers(triggers: string[], options: { image?: string } = {}): Instruction[] {
  const filename = `ONBUILD trigger of ${options.image ?? 'base image'}`;
  return triggers.map((trigger, i) => {
    const ast = parseAst(trigger, `${filename} #${i + 1}`);
    if (ast.nodes.length !== 1) {
      throw new BerthError(DOCKERFILE_PARSE, `${filename} #${i + 1}: expected one instruction, found ${ast.nodes.length}`, { hint: 'the base image config is malformed; rebuild it' });
    }
    const node = ast.nodes[0];
    const name = node.keyword.toUpperCase();
    if (name === 'ONBUILD' || name === 'FROM' || name === 'MAINTAINER') {
      throw new BerthError(DOCKERFILE_PARSE, `${filename} #${i + 1}: ${name} isn't allowed as an ONBUILD trigger`, { hint: 'rebuild the base image without this ONBUILD instruction' });
    }
    return typeInstruction(node, { file: `${filename} #${i + 1}`, index: ast.index });
  });
}
