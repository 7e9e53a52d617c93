import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BerthError, currentProcess, isAlive, ownedTempName, type ProcessIdentity } from '../core/index.js';

const GIVE_UP_MS = 60_000;

/** What {@link claimFile} did: took the claim, or found it held (by `holder` when readable). */
export type Claim = { taken: true } | { taken: false; holder: ProcessIdentity | undefined };

/** What a kind of claim file holds. */
export interface ClaimFormat {
  /** This process's claim. */
  text: string;
  /** The process a claim names; throws when the text is no claim. */
  holder(text: string): ProcessIdentity;
  /** Whether a dead holder's claim may be taken (default: yes), e.g. not while what it stands for exists. */
  reclaimable?(text: string): boolean;
}

/** A claim that is its holder's identity, as JSON: locks and marks. */
function processClaim(): ClaimFormat {
  return { text: JSON.stringify(currentProcess()), holder: (text) => JSON.parse(text) as ProcessIdentity };
}

/** The process a claim names, or undefined when it cannot be read (being released, or no claim). */
function holderOf(format: ClaimFormat, text: string): ProcessIdentity | undefined {
  try {
    return format.holder(text);
  } catch {
    return undefined;
  }
}

function isErrno(err: unknown, code: string): boolean {
  return (err as NodeJS.ErrnoException).code === code;
}

/**
 * Creates the claim file `path`, unless a live process holds it. The file appears whole (written
 * beside it, then hard-linked into place), so a claim that cannot be read is being released. A
 * dead holder's claim goes to exactly one taker: the first to create `.<name>.from-<pid>-<start
 * time>` of that holder beside it (hidden: no container name starts with a dot). Deleting a dead
 * claim and creating it again would let two takers each delete the other's fresh claim. Throws
 * ENOENT when the directory is gone.
 */
export async function claimFile(path: string, format: ClaimFormat = processClaim()): Promise<Claim> {
  const temp = join(dirname(path), ownedTempName());
  await writeFile(temp, format.text, { flag: 'wx' });
  try {
    try {
      await link(temp, path);
      return { taken: true };
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
    }
    const text = await readFile(path, 'utf8').catch(() => '');
    const holder = holderOf(format, text);
    if (holder === undefined || isAlive(holder) || format.reclaimable?.(text) === false) return { taken: false, holder };
    try {
      await writeFile(join(dirname(path), `.${basename(path)}.from-${holder.pid}-${holder.startTime}`), '', { flag: 'wx' });
    } catch (err) {
      if (isErrno(err, 'EEXIST')) return { taken: false, holder: undefined };
      throw err;
    }
    await rename(temp, path);
    return { taken: true };
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Takes the lock file, waiting while a live process holds it. */
async function acquire(lockPath: string): Promise<void> {
  const deadline = Date.now() + GIVE_UP_MS;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    const claim = await claimFile(lockPath);
    if (claim.taken) return;
    if (Date.now() > deadline) throw new BerthError('CONTAINER_LOCKED', `cannot lock ${lockPath}: held by process ${claim.holder?.pid ?? '?'}`, { hint: 'if no berth process runs, remove that file' });
    await sleep(delay);
  }
}

/**
 * Runs `work` holding the lock file `lockPath`, shared by berth processes (a container's state is
 * changed under one). Cheap on purpose: a small write, a link and two unlinks, no helper library.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  await acquire(lockPath);
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
