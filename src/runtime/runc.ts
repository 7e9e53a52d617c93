import { execFile, spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BerthError } from '../core/index.js';
import { registerExitCleanup } from '../snapshot/index.js';
import type { OciProcess } from './oci-spec.js';
import { connectStdio, exitStatus, stdioOptions, throwIfNotStarted } from './runc-process.js';
import type { ContainerStdio } from './types.js';

const execFileAsync = promisify(execFile);

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
const NOT_EXIST = /does not exist|not exist/;

/** `runc state` output. */
export interface RuncState {
  ociVersion: string;
  id: string;
  /** creating | created | running | stopped */
  status: string;
  pid: number;
  bundle: string;
  rootfs: string;
  created: string;
  annotations?: Record<string, string>;
}

/** Options of {@link Runc.create}. */
export interface RuncCreateOptions extends ContainerStdio {
  /** Where runc writes the container's init pid. */
  pidFile?: string;
  /** A unix socket that receives the pty master (`--console-socket`), required when the process has a terminal. */
  consoleSocket?: string;
}

/**
 * The runc binary with one state root (`--root`). Every method runs one runc command and throws
 * BerthError RUNC_FAILED with runc's last error line when it fails.
 */
export class Runc {
  /**
   * @param root runc's state directory, e.g. `<berth state dir>/runc`.
   * @param binary the runc executable; default `runc` from PATH.
   */
  constructor(
    readonly root: string,
    readonly binary = 'runc',
  ) {}

  /**
   * `runc run --bundle B ID` in the foreground: resolves to the exit status once the container's
   * process ends (128+n when killed by signal n). Set `tty` when the spec's process has a terminal:
   * runc then proxies its stdio to the container's pty, under script(1) when stdin is not an
   * inherited TTY (the output has a terminal's CRLF line ends, as with docker -t). The container is
   * deleted afterwards (also on abort, which SIGKILLs it) and registered for deletion if this
   * process dies meanwhile.
   * Throws BerthError CONTAINER_START (exitCode 125/126/127) when the process could not start.
   */
  async run(id: string, bundle: string, options: ContainerStdio & { signal?: AbortSignal; tty?: boolean } = {}): Promise<number> {
    options.signal?.throwIfAborted();
    const log = join(bundle, 'runc.log');
    const unregister = registerExitCleanup(() => {
      spawnSync(this.binary, ['--root', this.root, 'delete', '--force', id], { stdio: 'ignore' });
    });
    // runc run deletes the container itself when it returns on its own; only a killed runc or an
    // abort leaves one behind. Skipping the extra `runc delete` saves a good part of the overhead.
    let leftBehind = true;
    try {
      const child = this.spawnForeground(['--log', log, '--log-format', 'json', 'run', '--bundle', bundle, id], options, options.tty === true);
      // Force-deleting SIGKILLs the container; runc run then returns.
      const status = await untilExit(child, options.signal, async () => {
        await this.delete(id, { force: true });
        return false;
      });
      leftBehind = child.signalCode !== null || options.signal?.aborted === true;
      options.signal?.throwIfAborted();
      await throwIfNotStarted(id, status, log);
      return status;
    } finally {
      if (leftBehind) await this.delete(id, { force: true });
      unregister();
    }
  }

  /**
   * `runc create`: sets the container up and leaves its process waiting for {@link Runc.start};
   * resolves once runc has exited. The container's process keeps the stdio given here.
   */
  async create(id: string, bundle: string, options: RuncCreateOptions = {}): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'berth-runc-'));
    try {
      const log = join(dir, 'log');
      const args = ['--log', log, '--log-format', 'json', 'create', '--bundle', bundle];
      if (options.pidFile) args.push('--pid-file', options.pidFile);
      if (options.consoleSocket) args.push('--console-socket', options.consoleSocket);
      const status = await exitStatus(this.spawn([...args, id], options), true);
      await throwIfNotStarted(id, status, log);
      if (status !== 0) throw new BerthError('RUNC_FAILED', `runc create ${id} exited with status ${status}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** `runc start ID`: starts the created container's process. */
  async start(id: string): Promise<void> {
    await this.command(['start', id]);
  }

  /** `runc kill [--all] ID SIGNAL` (signal name like `SIGTERM`/`TERM` or number). */
  async kill(id: string, signal: string | number = 'SIGTERM', options: { all?: boolean } = {}): Promise<void> {
    await this.command(['kill', ...(options.all ? ['--all'] : []), id, String(signal)]);
  }

  /** `runc delete [--force] ID`; no-op when the container does not exist. */
  async delete(id: string, options: { force?: boolean } = {}): Promise<void> {
    await this.command(['delete', ...(options.force ? ['--force'] : []), id]).catch((err: unknown) => {
      if (!(err instanceof BerthError && NOT_EXIST.test(err.message))) throw err;
    });
  }

  /** `runc state ID`, or undefined when runc does not know the container. */
  async state(id: string): Promise<RuncState | undefined> {
    try {
      return JSON.parse(await this.command(['state', id])) as RuncState;
    } catch (err) {
      if (err instanceof BerthError && NOT_EXIST.test(err.message)) return undefined;
      throw err;
    }
  }

  /** `runc list`: the containers under this root. */
  async list(): Promise<RuncState[]> {
    return (JSON.parse(await this.command(['list', '--format', 'json'])) as RuncState[] | null) ?? [];
  }

  /** `runc ps --format json ID`: host pids of the container's processes. */
  async pids(id: string): Promise<number[]> {
    return (JSON.parse(await this.command(['ps', '--format', 'json', id])) as number[] | null) ?? [];
  }

  /** `runc ps ID PS_ARGS…`: ps's table for the container (for `top`; the arguments must keep a PID column). */
  async ps(id: string, psArgs: string[] = ['-ef']): Promise<string> {
    return this.command(['ps', id, ...psArgs]);
  }

  /**
   * `runc exec --process P ID`: runs another process in a running container. `detach` returns once
   * it started; otherwise resolves to the process's exit status (a terminal in `processSpec` is
   * handled like {@link Runc.run}'s `tty`). Aborting SIGKILLs the process.
   */
  async exec(id: string, processSpec: OciProcess, options: ContainerStdio & { detach?: boolean; signal?: AbortSignal } = {}): Promise<number> {
    const dir = await mkdtemp(join(tmpdir(), 'berth-runc-'));
    try {
      const log = join(dir, 'log');
      await writeFile(join(dir, 'process.json'), JSON.stringify(processSpec));
      const pidFile = join(dir, 'pid');
      const args = ['--log', log, '--log-format', 'json', 'exec', '--process', join(dir, 'process.json'), '--pid-file', pidFile, ...(options.detach ? ['--detach'] : []), id];
      const child = options.detach ? this.spawn(args, options) : this.spawnForeground(args, options, processSpec.terminal === true);
      // Killing runc would leave the exec'd process running in the container: kill that one, once
      // runc has written its pid.
      const status = await untilExit(
        child,
        options.signal,
        async () => {
          process.kill(Number(await readFile(pidFile, 'utf8')), 'SIGKILL');
          return true;
        },
        options.detach,
      );
      options.signal?.throwIfAborted();
      await throwIfNotStarted(id, status, log);
      return status;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Spawns `runc --root ROOT ARGS…` with the given stdio; the building block of the methods above. */
  spawn(args: string[], stdio: ContainerStdio = {}): ChildProcess {
    const child = spawn(this.binary, ['--root', this.root, ...args], { stdio: stdioOptions(stdio) });
    connectStdio(child, stdio);
    return child;
  }

  /**
   * Spawns a foreground runc (run, exec). With `tty`, runc proxies its stdio to the container's pty
   * and needs a terminal on its stdin: unless ours is inherited and a TTY, runc runs under
   * `script -q -e`, which gives it a pseudo-terminal and passes its exit status on.
   */
  private spawnForeground(args: string[], stdio: ContainerStdio, tty: boolean): ChildProcess {
    if (!tty || (stdio.stdin === 'inherit' && process.stdin.isTTY)) return this.spawn(args, stdio);
    // The outer pty must pass bytes untouched (no echo, no CRLF translation): the container's own pty does that.
    const command = `stty raw -echo; exec ${[this.binary, '--root', this.root, ...args].map(shellQuote).join(' ')}`;
    const options = stdioOptions(stdio) as string[];
    // script(1) answers the end of its stdin by typing an EOF character into the terminal, which the
    // container would see: without input, give it a pipe that stays open until it exits.
    if (options[0] === 'ignore') options[0] = 'pipe';
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { stdio: options as StdioOptions });
    connectStdio(child, stdio);
    return child;
  }

  /** Runs a runc command to completion and returns its stdout; BerthError RUNC_FAILED with its stderr otherwise. */
  private async command(args: string[]): Promise<string> {
    try {
      return (await execFileAsync(this.binary, ['--root', this.root, ...args], { maxBuffer: 64 << 20 })).stdout;
    } catch (err) {
      const stderr = String((err as { stderr?: string }).stderr ?? err).trim();
      throw new BerthError('RUNC_FAILED', `runc ${args[0]} failed: ${stderr.split('\n').pop()}`, { cause: err });
    }
  }
}

/**
 * Waits for `child` (a foreground runc) to exit. On abort, calls `stop` every 50 ms until it
 * reports success or runc has returned: what to stop may not exist yet while runc sets it up.
 */
async function untilExit(child: ChildProcess, signal: AbortSignal | undefined, stop: () => Promise<boolean>, untilExitOnly = false): Promise<number> {
  const done = exitStatus(child, untilExitOnly);
  if (signal === undefined) return done;
  let finished = false;
  const onAbort = async () => {
    while (!finished && !(await stop().catch(() => false))) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await done;
  } finally {
    finished = true;
    signal.removeEventListener('abort', onAbort);
  }
}
