import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BerthError } from '../core/index.js';
import type { ContainerMount } from './types.js';

const run = promisify(execFile);

type SecretMount = Extract<ContainerMount, { type: 'secret' }>;

/**
 * Writes the secret mounts' bytes to files on a fresh tmpfs at `dir` (mode 0700), so that they never
 * touch a disk or a layer; returns the host files in the order of the secret mounts. No mount when
 * there are no secrets. The caller unmounts `dir` (the bundle's removal does).
 */
export async function writeSecrets(dir: string, mounts: ContainerMount[]): Promise<string[]> {
  const secrets = mounts.filter((mount): mount is SecretMount => mount.type === 'secret');
  if (secrets.length === 0) return [];
  await mkdir(dir, { recursive: true });
  await run('mount', ['-t', 'tmpfs', '-o', 'mode=0700,nosuid,nodev,noexec', 'berth-secrets', dir]).catch((err: unknown) => {
    throw new BerthError('SECRET_MOUNT', `cannot mount a tmpfs for secrets at ${dir}: ${String((err as { stderr?: string }).stderr).trim()}`, { cause: err });
  });
  return Promise.all(
    secrets.map(async (secret, index) => {
      const file = join(dir, String(index));
      await writeFile(file, secret.data, { mode: 0o600 });
      await chown(file, secret.uid ?? 0, secret.gid ?? 0);
      await chmod(file, secret.mode ?? 0o400);
      return file;
    }),
  );
}
