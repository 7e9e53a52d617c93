// The `# check=skip=A,B;error=true;experimental=C` directive (BuildKit's ParseLintOptions).
import type { Dockerfile } from '../types.js';
import { BerthError } from '../../core/index.js';
import { DOCKERFILE_PARSE } from '../errors.js';
import { RULES } from './rules.js';

/** Which rules run and whether findings are errors. */
export interface CheckConfig {
  skipAll: boolean;
  skip: Set<string>;
  experimentalAll: boolean;
  experimental: Set<string>;
  error: boolean;
}

/** Parses the check directive of a Dockerfile (defaults when absent). */
export function checkConfig(df: Dockerfile, experimentalChecks = false): CheckConfig {
  const config: CheckConfig = { skipAll: false, skip: new Set(), experimentalAll: experimentalChecks, experimental: new Set(), error: false };
  const directive = df.directives.find((d) => d.name === 'check');
  if (!directive) return config;
  const fail = (message: string): never => {
    const { line, column } = directive.range.start;
    throw new BerthError(DOCKERFILE_PARSE, `${df.filename}:${line}:${column}: failed to parse check options: ${message}`, {
      hint: 'write # check=skip=<Rule>[,<Rule>…];error=true',
      location: { file: df.filename, line, column, lineText: df.text.split('\n')[line - 1] },
    });
  };
  for (const part of directive.value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) fail(`invalid check option ${JSON.stringify(part)}`);
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    const list = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (key === 'skip') {
      for (const name of list) if (name === 'all') config.skipAll = true; else config.skip.add(name);
    } else if (key === 'experimental') {
      for (const name of list) if (name === 'all') config.experimentalAll = true; else config.experimental.add(name);
    } else if (key === 'error') {
      const lower = value.toLowerCase();
      if (!['true', 'false', '1', '0', 't', 'f'].includes(lower)) fail(`invalid boolean value ${JSON.stringify(value)} for error`);
      config.error = ['true', '1', 't'].includes(lower);
    } else fail(`invalid check option ${JSON.stringify(key)}`);
  }
  return config;
}

/** Whether a rule runs under this config. */
export function ruleEnabled(config: CheckConfig, name: string): boolean {
  const rule = RULES[name];
  if (config.skipAll || config.skip.has(name)) return false;
  if (rule?.experimental) return config.experimentalAll || config.experimental.has(name);
  return true;
}
