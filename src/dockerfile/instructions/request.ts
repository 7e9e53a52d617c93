// What every instruction builder receives: the node, its argument values, its flags, and a way
// to fail with a located error.
import type { CommandLine, InstructionBase } from '../types.js';
import { dockerfileError } from '../errors.js';
import type { LineIndex } from '../syntax/source.js';
import type { SyntaxNode } from '../syntax/syntax-node.js';
import { NO_FLAGS, NO_FLAGS_ACCEPTED, parseFlags, type FlagKind, type ParsedFlags } from './flags.js';

/** The file an instruction comes from. */
export interface SourceFile {
  file: string;
  index: LineIndex;
}

/**
 * One instruction being typed. A parse reuses one request for its top-level instructions (see
 * `reset`): a request per instruction was ten thousand short-lived objects in a large file.
 */
export class InstructionRequest {
  private values?: string[];
  node!: SyntaxNode;
  /** Where the instruction is (its keyword); with `node`, the fields every typed instruction shares. */
  location!: InstructionBase['location'];

  constructor(readonly source: SourceFile) {}

  /** Points the request at `node` (a builder keeps no reference to the request). */
  reset(node: SyntaxNode): this {
    this.node = node;
    this.values = undefined;
    this.location = this.source.index.location(this.source.file, node.start);
    return this;
  }

  /** The argument values: a new list per request, made on first read, so a typed instruction may keep it. */
  get args(): string[] {
    return (this.values ??= this.node.argValues());
  }

  /** How many arguments there are (without building the list). */
  get argCount(): number {
    return this.node.argCount;
  }

  /** The value of argument `i` (without building the list). */
  arg(i: number): string {
    return this.node.argValue(i);
  }

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
    if (this.argCount !== 1) this.failArgs(`${this.name} requires exactly one argument`, `write ${this.name} <value>`);
    return this.arg(0);
  }

  /** Requires at least one argument; returns the list of values. */
  atLeastOne(): string[] {
    this.requireArgs();
    return this.args;
  }

  /** Requires at least one argument, without building the list. */
  requireArgs(): void {
    if (this.argCount === 0) this.fail(`${this.name} requires at least one argument`);
  }

  /** Exec form when the parser found a JSON array (the list is kept), else the text as a shell command. */
  command(): CommandLine {
    if (this.node.json) return { form: 'exec', args: this.args };
    return { form: 'shell', command: this.argCount === 1 ? this.arg(0) : this.args.join(' ') };
  }
}
