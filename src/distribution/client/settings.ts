// Where the registry client reads its settings: berth's own registry config (insecure registries,
// mirrors, concurrency; docker's daemon.json key names) and the docker CLI config directory.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BerthError } from '../../core/index.js';

/** Registry settings, with docker daemon.json's key names. */
export interface RegistrySettings {
  /** Hosts (`host[:port]`) or CIDR ranges reached over plain HTTP or unverified TLS. */
  'insecure-registries'?: string[];
  /** Mirrors of docker.io, tried in order before registry-1.docker.io (URLs). */
  'registry-mirrors'?: string[];
  /** Parallel layer downloads (default 3). */
  'max-concurrent-downloads'?: number;
  /** Parallel layer uploads (default 3; docker's default is 5). */
  'max-concurrent-uploads'?: number;
}

/** `$BERTH_CONFIG`, else `$XDG_CONFIG_HOME/berth/config.json`, else `~/.config/berth/config.json`. */
export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BERTH_CONFIG) return env.BERTH_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'berth', 'config.json');
}

/** Reads the registry settings; a missing file means defaults. */
export async function loadSettings(path = settingsPath()): Promise<RegistrySettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  try {
    return JSON.parse(text) as RegistrySettings;
  } catch (err) {
    throw new BerthError('CONFIG_INVALID', `${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/** docker's config directory: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/** Where per-registry TLS material lives (`<dir>/<host[:port]>/{*.crt,*.cert,*.key}`). */
export function certsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BERTH_CERTS_D || '/etc/docker/certs.d';
}
