// Build-argument scoping shared by planning and resolution: predefined ARGs, and the global
// scope (ARGs before the first FROM) that FROM lines expand with.
import type { ArgInstruction } from '../types.js';
import { envFromRecord, expandWord } from '../shell/lexer.js';

/** Proxy ARGs usable without declaration; never reported as unused, never saved in history. */
export const PROXY_ARGS = new Set(['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy']);

/** Whether a build-arg needs no ARG declaration to be "consumed". */
export function isPredefinedArg(name: string): boolean {
  return PROXY_ARGS.has(name) || name.startsWith('BUILDKIT_');
}

/** Outcome of evaluating the global ARGs. */
export interface GlobalArgs {
  /** Name → value of every global ARG that has a value, plus the platform ARGs. */
  values: Record<string, string>;
  /** Names declared by global ARG instructions. */
  declared: Set<string>;
}

/**
 * Evaluates ARGs before the first FROM like BuildKit's buildMetaArgs: a --build-arg value wins,
 * else the default expanded with the globals so far; platform ARGs are always present.
 */
export function evaluateGlobalArgs(metaArgs: ArgInstruction[], buildArgs: Record<string, string>, platform: Record<string, string>, escapeToken: string, onError: (arg: ArgInstruction, err: Error) => never): GlobalArgs {
  const values: Record<string, string> = { ...platform };
  const declared = new Set<string>();
  for (const instruction of metaArgs) {
    for (const arg of instruction.args) {
      declared.add(arg.name);
      let value: string | undefined;
      if (Object.prototype.hasOwnProperty.call(buildArgs, arg.name)) value = buildArgs[arg.name];
      else if (arg.defaultValue !== undefined) {
        try {
          value = expandWord(arg.defaultValue, envFromRecord(values), { escapeToken }).result;
        } catch (err) {
          onError(instruction, err as Error);
        }
      }
      if (value !== undefined) values[arg.name] = value;
    }
  }
  return { values, declared };
}
