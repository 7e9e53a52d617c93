import { DEFAULT_PATH } from './spec-defaults.js';

function keyOf(entry: string): string {
  const equals = entry.indexOf('=');
  return equals < 0 ? entry : entry.slice(0, equals);
}

/** Replaces entries with the same key in `base`, appends new ones (docker's ReplaceOrAppendEnvValues). */
export function mergeEnv(base: string[], overrides: string[]): string[] {
  const merged = [...base];
  for (const entry of overrides) {
    const index = merged.findIndex((existing) => keyOf(existing) === keyOf(entry));
    if (index >= 0) merged[index] = entry;
    else merged.push(entry);
  }
  return merged;
}

/**
 * The process environment like docker builds it: PATH (docker's default), HOSTNAME and, with a
 * terminal, TERM=xterm first, replaced by the caller's entries of the same name; HOME last when unset.
 */
export function containerEnv(env: string[], options: { hostname: string; home: string; terminal: boolean }): string[] {
  const defaults = [`PATH=${DEFAULT_PATH}`, `HOSTNAME=${options.hostname}`, ...(options.terminal ? ['TERM=xterm'] : [])];
  const merged = mergeEnv(defaults, env);
  return merged.some((entry) => keyOf(entry) === 'HOME') ? merged : [...merged, `HOME=${options.home}`];
}
