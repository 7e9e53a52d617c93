import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { BerthError } from '../../core/index.js';
import { DelegatingDuplex } from './delegating-duplex.js';

/** Debian package that provides each external tool, for the install hint. */
const PACKAGES: Record<string, string> = { zstd: 'zstd', pigz: 'pigz', bzip2: 'bzip2', xz: 'xz-utils' };

/**
 * Runs `command args…` as a streaming filter: writes go to its stdin, reads come from its stdout.
 * The readable side ends only after the process exits with status 0; any other status destroys
 * the stream with LAYER_CORRUPT (`what` and the tool's last stderr line), a missing binary with
 * LAYER_TOOL_MISSING.
 */
export function childProcessStream(command: string, args: string[], what: string): DelegatingDuplex {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-4000);
  });
  const output = new PassThrough();
  child.stdout.pipe(output, { end: false });
  let exited = false;
  let spawnError: Error | undefined;
  child.on('error', (err) => {
    spawnError = err;
  });
  child.on('close', (code, signal) => {
    exited = true;
    if (code === 0) output.end();
    else output.destroy(spawnError ?? new Error(`exit status ${code ?? signal}`));
  });
  // A child that fails early closes its stdin; the exit status then explains why.
  child.stdin.on('error', () => undefined);
  const mapError = (err: Error): Error => {
    if (err instanceof BerthError) return err;
    if ((spawnError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      return new BerthError('LAYER_TOOL_MISSING', `${what} needs the "${command}" program, which is not installed`, { hint: `install it: apt-get install ${PACKAGES[command] ?? command}` });
    }
    const detail = stderr.trim().split('\n').pop()?.replace(/^[^:]*: /, '') || err.message;
    return new BerthError('LAYER_CORRUPT', `${what} failed: ${detail}`, { cause: err });
  };
  const stream = new DelegatingDuplex(child.stdin, output, mapError, () => {
    if (!exited) child.kill('SIGKILL');
  });
  return stream;
}
