import { isBerthError } from '../core/errors.js';

const BARE_CODES = new Set(['TEMPLATE_PARSE', 'TEMPLATE_EXEC']);

/** Prints an error as docker does (`Error: …`) on stderr, with a code frame for source locations; returns the exit status. */
export function reportError(err: unknown): number {
  if (isBerthError(err)) {
    // docker prints template errors bare ("template parsing error: …"), everything else after "Error: ".
    const lines = [BARE_CODES.has(err.code) ? err.message : `Error: ${err.message}`];
    const loc = err.location;
    if (loc?.lineText !== undefined) {
      const gutter = `${loc.line} | `;
      lines.push(`${gutter}${loc.lineText}`, `${' '.repeat(gutter.length + Math.max(0, loc.column - 1))}^`);
    }
    if (err.hint) lines.push(`hint: ${err.hint}`);
    process.stderr.write(lines.join('\n') + '\n');
    if (process.env.BERTH_DEBUG) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const commanderExit = err as { code?: string; exitCode?: number };
  if (typeof commanderExit.code === 'string' && commanderExit.code.startsWith('commander.')) return commanderExit.exitCode ?? 1;
  process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.BERTH_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 1;
}
