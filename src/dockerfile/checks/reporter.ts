// Collects check findings, honouring the check directive (skips, experimental rules, error=true).
import type { Diagnostic, Dockerfile } from '../types.js';
import { checkConfig, ruleEnabled, type CheckConfig } from './config.js';
import { RULES, ruleUrl } from './rules.js';
import { lineIndexOf } from '../syntax/source.js';

/** Where a finding points. */
export interface FindingSite {
  line: number;
  column: number;
}

/** Receives findings from the rules. */
export class Reporter {
  readonly warnings: Diagnostic[] = [];
  readonly errors: Diagnostic[] = [];
  private readonly config: CheckConfig;
  private readonly urls = new Map<string, string | undefined>();

  constructor(private readonly df: Dockerfile, experimental = false) {
    this.config = checkConfig(df, experimental);
  }

  /** Whether a rule runs (so rules can skip expensive work). */
  enabled(rule: string): boolean {
    return ruleEnabled(this.config, rule);
  }

  /** Records one finding of `rule` at `site`. */
  report(rule: string, message: string, site: FindingSite): void {
    if (!this.enabled(rule)) return;
    const level = this.config.error ? 'error' : 'warning';
    const location = { file: this.df.filename, line: site.line, column: site.column, lineText: this.lineText(site.line) };
    const url = this.url(rule);
    // One literal per shape: adding `url` afterwards would move it out of the object.
    const diagnostic: Diagnostic = url ? { rule, message, level, location, url } : { rule, message, level, location };
    this.warnings.push(diagnostic);
    if (this.config.error) this.errors.push(diagnostic);
  }

  /** The documentation page of a rule, built once per rule. */
  private url(rule: string): string | undefined {
    if (!this.urls.has(rule)) this.urls.set(rule, RULES[rule] ? ruleUrl(RULES[rule]) : undefined);
    return this.urls.get(rule);
  }

  /** The text of a 1-based line without its line ending, undefined past the end. */
  private lineText(line: number): string | undefined {
    const index = lineIndexOf(this.df);
    return line >= 1 && index.lineStart(line - 1) !== undefined ? index.lineText(line) : undefined;
  }
}

/** One line for a diagnostic: `Dockerfile:3:1: LegacyKeyValueFormat: "ENV key=value" should be used … (url)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  return `${where}${d.rule}: ${d.message}${d.url ? ` (${d.url})` : ''}`;
}
