// A throwaway containerd (Debian's) for `ctr images import`: its own root, state and sockets in a
// temp dir, the CRI plugin off; stop() kills it and leaves no mount or file behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runOk, runProcess, type RunResult } from '../helpers/process.js';

export const CONTAINERD = '/usr/bin/containerd';
export const CTR = '/usr/bin/ctr';

/** A running throwaway containerd. */
export interface Containerd {
  readonly dir: string;
  /** Runs `ctr --address SOCK -n berth args…`, throwing with stderr on failure. */
  ctrOk(args: string[]): Promise<RunResult>;
  stop(): Promise<void>;
}

/** Starts containerd in a fresh temp dir and resolves once `ctr version` answers. */
export async function startContainerd(): Promise<Containerd> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-containerd-'));
  const sock = join(dir, 'sock');
  await writeFile(
    join(dir, 'config.toml'),
    `version = 2\nroot = "${dir}/root"\nstate = "${dir}/state"\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n[grpc]\n  address = "${sock}"\n[ttrpc]\n  address = "${sock}.ttrpc"\n`,
  );
  const log = openSync(join(dir, 'containerd.log'), 'w');
  const child = spawn(CONTAINERD, ['--config', join(dir, 'config.toml')], { stdio: ['ignore', log, log] });
  closeSync(log);
  const ctr = (args: string[]) => runProcess(CTR, ['--address', sock, '-n', 'berth', ...args]);
  const stop = async () => {
    await stopChild(child);
    await unmountUnder(dir);
    await rm(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    if ((await ctr(['version'])).code === 0) break;
    if (child.exitCode !== null || attempt >= 300) {
      const text = await readFile(join(dir, 'containerd.log'), 'utf8').catch(() => '');
      await stop();
      throw new Error(`containerd did not start: ${text.trim().split('\n').slice(-3).join(' | ')}`);
    }
    await sleep(100);
  }
  return { dir, ctrOk: (args) => runOk(CTR, ['--address', sock, '-n', 'berth', ...args]), stop };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function unmountUnder(dir: string): Promise<void> {
  const points = (await readFile('/proc/self/mountinfo', 'utf8'))
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined && p.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of points) await runProcess('umount', ['-l', point]);
}

/** Runs `work` with a fresh containerd, stopped afterwards whatever happens. */
export async function withContainerd(work: (containerd: Containerd) => Promise<void>): Promise<void> {
  const containerd = await startContainerd();
  try {
    await work(containerd);
  } finally {
    await containerd.stop();
  }
}

/** `ctr images import --all-platforms ARCHIVE`, then the `ctr images ls` table. */
export async function ctrImport(containerd: Containerd, archive: string): Promise<string> {
  await containerd.ctrOk(['images', 'import', '--all-platforms', archive]);
  return (await containerd.ctrOk(['images', 'ls'])).stdout;
}
