// Runs a child process to completion and collects what it printed; the building block of the
// berth and docker helpers.
import { spawn } from 'node:child_process';
import { createReadStream, openSync, closeSync } from 'node:fs';
import type { Readable } from 'node:stream';

/** What a finished process printed and how it exited. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How to feed and collect a child process. */
export interface RunOptions {
  /** Bytes, text, a file path (`{ file }`) or a stream for stdin; default: no stdin. */
  input?: string | Buffer | { file: string } | Readable;
  /** Write stdout to this file instead of collecting it (for archives). */
  stdoutFile?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs `command args…` and resolves when it exits (never rejects on a non-zero exit). */
export function runProcess(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const outFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'w');
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', outFd ?? 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  const input = options.input;
  if (child.stdin && input !== undefined) {
    child.stdin.on('error', () => {}); // the child may exit before reading all of its input
    if (typeof input === 'string' || Buffer.isBuffer(input)) child.stdin.end(input);
    else if ('file' in input) createReadStream(input.file).pipe(child.stdin);
    else input.pipe(child.stdin);
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (outFd !== undefined) closeSync(outFd);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Like runProcess, but throws with the command and its stderr when it exits non-zero. */
export async function runOk(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await runProcess(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  return result;
}
