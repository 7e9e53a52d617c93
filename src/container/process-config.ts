import { BerthError } from '../core/index.js';
import type { ImageConfig } from '../core/index.js';
import type { CreateRequest } from './request.js';
import type { ProcessConfig } from './types.js';

/**
 * docker's ReplaceOrAppendEnvValues: an override replaces the entry of the same name in place,
 * new names are appended. (runtime/env.ts has the same rule but keeps it private.)
 */
export function mergeEnv(base: string[], overrides: string[]): string[] {
  const byName = new Map<string, string>();
  for (const entry of [...base, ...overrides]) byName.set(entry.split('=', 1)[0], entry);
  return [...byName.values()];
}

/**
 * The container's process by docker's rules: arguments after the image replace its CMD;
 * `--entrypoint` replaces ENTRYPOINT and clears CMD (then only the arguments follow it); the
 * image's Env is overridden by `-e`, its WorkingDir by `-w`, its User by `-u`. Throws docker's
 * "No command specified" (125) when nothing is left to run.
 */
export function processConfig(image: ImageConfig, request: CreateRequest): { config: ProcessConfig; path: string; args: string[] } {
  const base = image.config ?? {};
  const entrypoint = request.entrypoint !== undefined ? (request.entrypoint === '' ? [] : [request.entrypoint]) : (base.Entrypoint ?? []);
  const cmd = request.args.length > 0 ? request.args : request.entrypoint !== undefined ? [] : (base.Cmd ?? []);
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0) throw new BerthError('NO_COMMAND', 'No command specified', { exitCode: 125 });
  const exposed = new Set([...Object.keys(base.ExposedPorts ?? {}), ...request.expose, ...request.ports.map((p) => `${p.containerPort}/${p.protocol}`)]);
  const config: ProcessConfig = {
    hostname: request.hostname,
    user: request.user ?? base.User ?? '',
    env: mergeEnv(base.Env ?? [], request.env),
    cmd,
    entrypoint,
    workingDir: request.workdir ?? (base.WorkingDir || '/'),
    tty: request.tty,
    openStdin: request.interactive,
    labels: { ...(base.Labels ?? {}), ...request.labels },
    stopSignal: request.stopSignal ?? base.StopSignal ?? 'SIGTERM',
    stopTimeout: request.stopTimeout ?? 10,
    exposedPorts: [...exposed].sort(),
  };
  return { config, path: argv[0], args: argv.slice(1) };
}
