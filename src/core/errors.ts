/** A place in a source file, 1-based, for messages like `Dockerfile:3:7`. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** The text of the offending line, shown with a caret under `column`. */
  lineText?: string;
}

/**
 * The one error family of berth. `code` is stable (tests, the registry's spec errors and the
 * CLI's exit status depend on it); `message` is one human line saying what and where.
 */
export class BerthError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly location?: SourceLocation;
  /** Process exit status the CLI uses for this error (docker uses 1 for most, 125 for run setup). */
  readonly exitCode: number;

  constructor(code: string, message: string, options: { hint?: string; location?: SourceLocation; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BerthError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** True when `err` is a BerthError, optionally with the given code. */
export function isBerthError(err: unknown, code?: string): err is BerthError {
  return err instanceof BerthError && (code === undefined || err.code === code);
}
