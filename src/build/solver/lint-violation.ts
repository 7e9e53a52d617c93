// `# check=error=true`: the build fails once the frontend has run every check, BuildKit's
// `lint violation found for rules: …`.
import { BerthError } from '../../core/index.js';
import type { Diagnostic } from '../../dockerfile/index.js';
import { dockerfileExcerpt } from '../steps/step-error.js';

/** The checks configured as errors that fired; the build stops before any step runs. */
export class LintViolationError extends BerthError {
  constructor(readonly violations: readonly Diagnostic[], readonly dockerfileText: string) {
    const rules = [...new Set(violations.map((v) => v.rule))];
    const first = violations.find((v) => v.location !== undefined)?.location;
    super('BUILD_LINT_VIOLATION', `lint violation found for rules: ${rules.join(', ')}`, {
      location: first && { file: first.file, line: first.line, column: first.column, lineText: first.lineText },
    });
  }
}

/** The Dockerfile excerpt at the first violation, as BuildKit shows above the error (empty without a location). */
export function formatLintViolation(err: LintViolationError): string {
  const at = err.location;
  return at ? `${dockerfileExcerpt(at.file, err.dockerfileText, at.line, at.line).join('\n')}\n` : '';
}
