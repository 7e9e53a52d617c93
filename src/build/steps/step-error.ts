import { BerthError } from '../../core/index.js';
import type { InstructionBase } from '../../dockerfile/types.js';

/** A step that failed: carries the step's name, its last output lines and where it is in the Dockerfile. */
export class BuildStepError extends BerthError {
  constructor(
    message: string,
    readonly stepName: string,
    readonly instruction: InstructionBase,
    readonly lastLines: string[],
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super('BUILD_STEP_FAILED', message, { ...options, location: { ...instruction.location, lineText: instruction.node.original.split('\n')[0] } });
  }
}

/** Keeps the last `max` lines written to it. */
export class TailBuffer {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly max = 10) {}

  push(data: string): void {
    const parts = (this.partial + data).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }

  /** The kept lines, the unterminated last one included. */
  tail(): string[] {
    return this.partial ? [...this.lines, this.partial].slice(-this.max) : [...this.lines];
  }
}
