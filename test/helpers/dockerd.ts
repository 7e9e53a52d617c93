// A throwaway dockerd for interop tests and benchmarks: its own socket, data-root and exec-root
// in a temp dir, no bridge and no iptables (so it never touches the host's network), and a
// stop() that always leaves nothing behind — processes, mounts or files.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runProcess, runOk, type RunOptions, type RunResult } from './process.js';

/** The daemon binary (Debian's docker.io). */
export const DOCKERD = '/usr/sbin/dockerd';
/** The Debian docker client; /usr/local/bin/docker is a different client and is not used. */
export const DOCKER = '/usr/bin/docker';

/** A running throwaway dockerd. */
export interface Dockerd {
  /** Process id of the daemon (for memory sampling). */
  readonly pid: number;
  /** The temp dir holding data/, exec/, sock, pid and dockerd.log. */
  readonly dir: string;
  /** `unix://…/sock`, for DOCKER_HOST. */
  readonly host: string;
  /** Runs /usr/bin/docker against this daemon; never rejects on a non-zero exit. */
  docker(args: string[], options?: RunOptions): Promise<RunResult>;
  /** Like docker(), but throws (with stderr) when the command fails. */
  dockerOk(args: string[], options?: RunOptions): Promise<RunResult>;
  /** Stops the daemon, unmounts everything under its dir and removes the dir. Idempotent. */
  stop(): Promise<void>;
}

/** Starts a dockerd in a fresh temp dir and resolves once it answers `docker version`. */
export async function startDockerd(): Promise<Dockerd> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-dockerd-'));
  const host = `unix://${join(dir, 'sock')}`;
  // A unique containerd namespace keeps this daemon's containers apart from other dockerds
  // that may share a system containerd.
  const ns = `berth-${dir.slice(-6).toLowerCase()}`;
  const log = openSync(join(dir, 'dockerd.log'), 'w');
  const child = spawn(DOCKERD, [
    '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'pid'),
    '-H', host, '--bridge=none', '--iptables=false', '--ip-masq=false',
    '--containerd-namespace', ns, '--containerd-plugins-namespace', `${ns}-plugins`,
  ], { stdio: ['ignore', log, log] });
  closeSync(log);
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host };
  delete env.DOCKER_CONTEXT;
  const docker = (args: string[], options: RunOptions = {}) => runProcess(DOCKER, args, { ...options, env: { ...env, ...options.env } });
  const dockerOk = (args: string[], options: RunOptions = {}) => runOk(DOCKER, args, { ...options, env: { ...env, ...options.env } });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopChild(child);
    await unmountUnder(dir);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(child, docker, dir);
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid: child.pid ?? -1, dir, host, docker, dockerOk, stop };
}

async function waitReady(child: ChildProcess, docker: Dockerd['docker'], dir: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) {
      const log = await readFile(join(dir, 'dockerd.log'), 'utf8').catch(() => '');
      throw new Error(`dockerd exited ${child.exitCode} during start-up: ${log.trim().split('\n').slice(-3).join(' | ')}`);
    }
    if ((await docker(['version', '--format', '{{.Server.Version}}'])).code === 0) return;
    await sleep(100);
  }
  throw new Error(`dockerd did not answer within 60 s (log: ${join(dir, 'dockerd.log')})`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Unmounts every mount point under `dir`, deepest first (overlay2 layers, netns, shm). */
async function unmountUnder(dir: string): Promise<void> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  const points = mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined && (p === dir || p.startsWith(`${dir}/`)))
    .map((p) => p.replace(/\\040/g, ' '))
    .sort((a, b) => b.length - a.length);
  for (const point of points) await runProcess('umount', ['-l', point]);
}
