// The offline base image of the tests: a busybox rootfs tarball made once per machine and arch
// by the shared script, plus a helper that runs the built CLI (bin/berth) against a temp store.
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, type RunOptions, type RunResult } from './process.js';

/** The checkout's root (dist/test/helpers → ../../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The CLI entry of the checkout. */
export const BERTH_BIN = join(REPO_ROOT, 'bin/berth');
/** The shared data beside the checkout (conformance corpora, examples, bench workloads), as CI lays it out. */
export const SHARED_ROOT = join(REPO_ROOT, '../shared');
const MAKE_ROOTFS = join(REPO_ROOT, 'examples/make-busybox-rootfs.sh');

/**
 * Path of a busybox rootfs tarball for `arch` (a Debian arch; default this machine's). Made on
 * first use and cached under os.tmpdir(); written to a temp name and renamed, so concurrent
 * test files never see a partial tarball.
 */
export function busyboxRootfs(arch = execFileSync('dpkg', ['--print-architecture']).toString().trim()): string {
  const path = join(tmpdir(), `berth-busybox-rootfs-${arch}.tar`);
  if (existsSync(path)) return path;
  const partial = `${path}.${process.pid}.partial`;
  try {
    execFileSync('sh', [MAKE_ROOTFS, partial, arch], { stdio: ['ignore', 'ignore', 'pipe'] });
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
  return path;
}

/** A berth store in a temp dir, with a runner bound to it. */
export interface BerthStore {
  readonly root: string;
  /** Runs `bin/berth --root ROOT args…`; never rejects on a non-zero exit. */
  berth(args: string[], options?: RunOptions): Promise<RunResult>;
  /** Like berth(), but throws with stderr when the command fails. */
  berthOk(args: string[], options?: RunOptions): Promise<RunResult>;
  /** Removes the store. */
  cleanup(): Promise<void>;
}

/** Runs the built CLI with the given args (no --root added). */
export function runBerth(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return runProcess(process.execPath, [BERTH_BIN, ...args], options);
}

/** Makes an empty store in a temp dir. */
export async function tempStore(): Promise<BerthStore> {
  const root = await mkdtemp(join(tmpdir(), 'berth-store-'));
  const berth = (args: string[], options: RunOptions = {}) => runBerth(['--root', root, ...args], options);
  const berthOk = async (args: string[], options: RunOptions = {}) => {
    const result = await berth(args, options);
    if (result.code !== 0) throw new Error(`berth ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
    return result;
  };
  return { root, berth, berthOk, cleanup: () => rm(root, { recursive: true, force: true }) };
}
