// What every instruction builder receives: the node, its argument values, its flags, and a way
// to fail with a located error.
import type { InstructionBase } from '../types.js';
import { dockerfileError } from '../errors.js';
import type { LineIndex } from '../syntax/source.js';
import type { SyntaxNode } from '../syntax/syntax-node.js';
import { NO_FLAGS, NO_FLAGS_ACCEPTED, parseFlags, type FlagKind, type ParsedFlags } from './flags.js';

/** The file an instruction comes from. */
export interface SourceFile {
  file: string;
  index: LineIndex;
}

/** One instruction being typed. */
export class InstructionRequest {
  /** The argument values: a new list per request, so a typed instruction may keep it. */
  readonly args: string[];

  constructor(readonly node: SyntaxNode, readonly source: SourceFile) {
    this.args = node.argValues();
    this.location = source.index.location(source.file, node.start);
  }

  /** Where the instruction is (its keyword); with `node`, the fields every typed instruction shares. */
  readonly location: InstructionBase['location'];

  /** Throws a located error, at `offset` or at the keyword. */
  fail(message: string, hint?: string, offset = this.node.start): never {
    throw dockerfileError({ ...this.source, offset }, message, hint);
  }

  /** Throws at the first argument (or the keyword when there is none). */
  failArgs(message: string, hint?: string): never {
    return this.fail(message, hint, this.node.argStart(0) ?? this.node.start);
  }

  /** Validates the flags against what this instruction accepts, nothing by default (BuildKit's BFlags.Parse). */
  flags(spec: Record<string, FlagKind> = NO_FLAGS_ACCEPTED): ParsedFlags {
    if (this.node.flags.length === 0) return NO_FLAGS;
    return parseFlags(this.node.flags, spec, (flag, message, hint) => this.fail(message, hint, flag.range.start.offset));
  }

  /** The upper-case instruction name. */
  get name(): string {
    return this.node.keyword.toUpperCase();
  }

  /** Requires exactly one argument (USER, WORKDIR, STOPSIGNAL, MAINTAINER). */
  exactlyOne(): string {
    if (this.args.length !== 1) this.failArgs(`${this.name} requires exactly one argument`, `write ${this.name} <value>`);
    return this.args[0];
  }

  /** Requires at least one argument. */
  atLeastOne(): string[] {
    if (this.args.length === 0) this.fail(`${this.name} requires at least one argument`);
    return this.args;
  }
}
