import type { ChildProcess, StdioOptions } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { BerthError } from '../core/index.js';
import type { ContainerStdio } from './types.js';

type Out = ContainerStdio['stdout'];

function outOption(target: Out): 'inherit' | 'ignore' | 'pipe' {
  return target === undefined ? 'inherit' : typeof target === 'string' ? target : 'pipe';
}

/** child_process stdio for a ContainerStdio: strings pass through, streams become pipes. */
export function stdioOptions(stdio: ContainerStdio): StdioOptions {
  const stdin = stdio.stdin === undefined ? 'ignore' : typeof stdio.stdin === 'string' ? stdio.stdin : 'pipe';
  return [stdin, outOption(stdio.stdout), outOption(stdio.stderr)];
}

/** Connects the streams of a ContainerStdio to a child spawned with {@link stdioOptions}; outputs are not ended. */
export function connectStdio(child: ChildProcess, stdio: ContainerStdio): void {
  if (child.stdin && typeof stdio.stdin === 'object') {
    child.stdin.on('error', () => undefined); // the container may exit before reading all of it
    (stdio.stdin as Readable).pipe(child.stdin);
  }
  if (child.stdout && typeof stdio.stdout === 'object') child.stdout.pipe(stdio.stdout as Writable, { end: false });
  if (child.stderr && typeof stdio.stderr === 'object') child.stderr.pipe(stdio.stderr as Writable, { end: false });
}

/**
 * Resolves with a child's exit status (128+n when a signal ended it) once it exited and its output
 * was delivered, or, with `untilExit`, as soon as it exited (runc create/exec -d leave the pipes
 * open to the container).
 */
export function exitStatus(child: ChildProcess, untilExit = false): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once(untilExit ? 'exit' : 'close', (code: number | null, signal: NodeJS.Signals | null) => {
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/** The error messages runc wrote to its JSON log (`--log F --log-format json`). */
async function runcLogErrors(logFile: string): Promise<string[]> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  const errors: string[] = [];
  for (const line of text.split('\n')) {
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string };
      if (entry.level === 'error' && entry.msg) errors.push(entry.msg);
    } catch {
      // Not JSON: a partial line of a log cut short.
    }
  }
  return errors;
}

/**
 * The error for a container whose process never started, with docker's exit statuses: 127 when
 * the executable is missing, 126 when it cannot be executed, 125 otherwise.
 */
function startError(id: string, runcMessage: string): BerthError {
  const reason = runcMessage.replace(/^runc \w+ failed: /, '');
  const exitCode = /exec: .*(executable file not found|no such file or directory)/.test(reason) ? 127 : /exec: .*permission denied/.test(reason) ? 126 : 125;
  return new BerthError('CONTAINER_START', `cannot start container ${id}: ${reason}`, { exitCode });
}

/**
 * Throws {@link startError} when runc failed (`status` non-zero and an error in its log `logFile`);
 * a non-zero status without runc errors is the container process's own.
 */
export async function throwIfNotStarted(id: string, status: number, logFile: string): Promise<void> {
  if (status === 0) return;
  const errors = await runcLogErrors(logFile);
  if (errors.length > 0) throw startError(id, errors[errors.length - 1]);
}
