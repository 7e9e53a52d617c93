import { BerthError } from '../core/index.js';
import type { ChildProcess } from 'node:child_process';
import type { ContainerStdio } from './types.js';
import type { OciProcess } from './oci-spec.js';

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
  constructor(readonly root: string, readonly binary = 'runc') {}

  /**
   * `runc run --bundle B ID` in the foreground: resolves to the exit status once the container's
   * process ends (128+n when killed by signal n). With a terminal in the spec, runc proxies its own
   * stdio to the pty (inherit stdio for `run -t`). The container is deleted afterwards (also on
   * abort, which SIGKILLs it) and registered for deletion if this process dies meanwhile.
   */
  async run(id: string, bundle: string, options: ContainerStdio & { signal?: AbortSignal } = {}): Promise<number> {
    void id, void bundle, void options;
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.run is not implemented yet');
  }

  /**
   * `runc create`: sets the container up and leaves its process waiting for {@link Runc.start};
   * resolves once runc has exited. The container's process keeps the stdio given here.
   */
  async create(id: string, bundle: string, options: RuncCreateOptions = {}): Promise<void> {
    void id, void bundle, void options;
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.create is not implemented yet');
  }

  /** `runc start ID`: starts the created container's process. */
  async start(id: string): Promise<void> {
    void id;
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.start is not implemented yet');
  }

  /** `runc kill [--all] ID SIGNAL` (signal name like `SIGTERM`/`TERM` or number). */
  async kill(id: string, signal: string | number = 'SIGTERM', options: { all?: boolean } = {}): Promise<void> {
    void id, void signal, void options;
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.kill is not implemented yet');
  }

  /** `runc delete [--force] ID`; no-op when the container does not exist. */
  async delete(id: string, options: { force?: boolean } = {}): Promise<void> {
    void id, void options;
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.delete is not implemented yet');
  }

  /** `runc state ID`, or undefined when runc does not know the container. */
  async state(id: string): Promise<RuncState | undefined> {
    void id;
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.state is not implemented yet');
  }

  /** `runc list`: the containers under this root. */
  async list(): Promise<RuncState[]> {
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.list is not implemented yet');
  }

  /** `runc ps --format json ID`: host pids of the container's processes. */
  async pids(id: string): Promise<number[]> {
    void id;
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.pids is not implemented yet');
  }

  /** `runc ps ID -- PS_ARGS`: ps's table for the container (for `top`). */
  async ps(id: string, psArgs: string[] = ['-ef']): Promise<string> {
    void id, void psArgs;
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.ps is not implemented yet');
  }

  /**
   * `runc exec --process P ID`: runs another process in a running container. `detach` returns once
   * it started (the child is runc, already exited); otherwise resolves to the process's exit status.
   */
  async exec(id: string, process: OciProcess, options: ContainerStdio & { detach?: boolean; signal?: AbortSignal } = {}): Promise<number> {
    void id, void process, void options;
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.exec is not implemented yet');
  }

  /** Spawns `runc --root ROOT ARGS…` with the given stdio; the building block of the methods above. */
  spawn(args: string[], stdio: ContainerStdio = {}): ChildProcess {
    void args, void stdio;
    throw new BerthError('NOT_IMPLEMENTED', 'Runc.spawn is not implemented yet');
  }
}
