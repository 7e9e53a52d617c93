// Process leases: every blob a process writes is first appended to its lease file,
// ingest/leases/<pid>-<random>, before the blob becomes visible. gc keeps the blobs of leases whose
// process is alive (other than its own), however old, so a long build's early layers survive
// until it tags them; leases of dead processes are deleted. gc lists blobs before reading
// leases, so a blob it sees was already leased when the leases were read.

import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomHex, type Digest } from '../core/index.js';
import { isNotFound, readdirOrEmpty } from './fsutil.js';

const LEASE_NAME = /^(\d+)-[a-f0-9]+$/;

/** True when a process with this pid exists (EPERM means it exists but is not ours). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lease of one Store instance in this process. */
export class ProcessLease {
  private readonly dir: string;
  /** Named on the first write: most store users never write a blob. */
  private path: string | undefined;
  private readonly leased = new Set<Digest>();

  constructor(root: string) {
    this.dir = join(root, 'ingest', 'leases');
  }

  /** Records `digest` in this process's lease (before the blob is made visible). */
  async add(digest: Digest): Promise<void> {
    if (this.leased.has(digest)) return;
    await mkdir(this.dir, { recursive: true });
    this.path ??= join(this.dir, `${process.pid}-${randomHex(6)}`);
    await appendFile(this.path, `${digest}\n`);
    this.leased.add(digest);
  }
}

/**
 * The digests leased by live processes other than this one; lease files of dead processes are
 * removed (unless `dryRun`).
 */
export async function liveLeasedDigests(root: string, dryRun = false): Promise<Set<Digest>> {
  const dir = join(root, 'ingest', 'leases');
  const digests = new Set<Digest>();
  for (const name of await readdirOrEmpty(dir)) {
    const match = LEASE_NAME.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid) continue;
    if (!processAlive(pid)) {
      if (!dryRun) await rm(join(dir, name), { force: true });
      continue;
    }
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (err) {
      if (isNotFound(err)) continue;
      throw err;
    }
    for (const line of text.split('\n')) if (line !== '') digests.add(line as Digest);
  }
  return digests;
}
