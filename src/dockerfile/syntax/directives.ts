// Parser directives (`# syntax=`, `# escape=`, `# check=`): only at the very top of the file,
// each at most once; the first line that is not a directive ends the directive section.

const DIRECTIVE = /^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;
const VALID = new Set(['syntax', 'escape', 'check']);

/** A directive found on a line. */
export interface FoundDirective {
  name: 'syntax' | 'escape' | 'check';
  value: string;
}

/** BuildKit's DirectiveParser: feed it lines in order; it latches `done` at the first non-directive. */
export class DirectiveParser {
  private done = false;
  private readonly seen = new Set<string>();

  /** True once a line that is not a directive ended the directive section. */
  get finished(): boolean {
    return this.done;
  }

  /** The directive on this line, if any. Throws on a repeated directive. */
  parseLine(line: string): FoundDirective | undefined {
    if (this.done) return undefined;
    const m = DIRECTIVE.exec(line);
    const name = m?.[1].toLowerCase();
    if (!m || !name || !VALID.has(name)) {
      this.done = true;
      return undefined;
    }
    if (this.seen.has(name)) throw new Error(`only one ${name} parser directive can be used`);
    this.seen.add(name);
    return { name: name as FoundDirective['name'], value: m[2] };
  }
}
