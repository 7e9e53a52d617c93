import { BerthError } from '../../core/index.js';
import type { InstructionBase } from '../../dockerfile/types.js';

/** A step that failed: carries the step's name, its last output lines and where it is in the Dockerfile. */
export class BuildStepError extends BerthError {
  /** The Dockerfile's text, attached by the build so that the failure can be shown in context. */
  dockerfileText?: string;

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

/**
 * BuildKit's failure report: the step and its last output lines, then the Dockerfile excerpt
 * around the failing instruction with `>>>` marking its lines.
 */
export function formatStepFailure(err: BuildStepError): string {
  const out = ['------', ` > ${err.stepName}:`, ...err.lastLines.map((l) => `${l}`), '------'];
  const text = err.dockerfileText;
  if (text !== undefined) out.push(...dockerfileExcerpt(err.instruction.location.file, text, err.instruction.node.startLine, err.instruction.node.endLine));
  return `${out.join('\n')}\n`;
}

/**
 * BuildKit's Dockerfile excerpt: `Dockerfile:3`, then lines `startLine`..`endLine` marked `>>>`
 * with two lines of context either side, between dashed rules.
 */
export function dockerfileExcerpt(file: string, text: string, startLine: number, endLine: number): string[] {
  const lines = text.split('\n');
  const from = Math.max(1, startLine - 2);
  const to = Math.min(lines.length, endLine + 2);
  const width = String(to).length;
  const out = [`${file}:${startLine}${endLine > startLine ? `-${endLine}` : ''}`, '--------------------'];
  for (let n = from; n <= to; n++) {
    const mark = n >= startLine && n <= endLine ? '>>>' : '   ';
    out.push(` ${String(n).padStart(width + 2)} | ${mark} ${lines[n - 1] ?? ''}`);
  }
  out.push('--------------------');
  return out;
}
