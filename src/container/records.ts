import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError, currentProcess, isOrphanedTemp, ownedTempName } from '../core/index.js';
import { removeDir } from '../snapshot/index.js';
import { writeFileAtomic } from '../store/index.js';
import { claimFile, withFileLock } from './lock.js';
import { NAME_PATTERN, randomName } from './names.js';
import type { Container, ContainerRecord, ContainerState } from './types.js';
import { ZERO_TIME } from './types.js';

const RECORD = 'record.json';
const STATE = 'state.json';
/**
 * state.json is rewritten at every transition of a running container and re-derived by
 * refresh() when its supervisor died, so it is renamed into place without an fsync (still never
 * torn): a run pays for no disk flushes. The record is written once and is fsynced.
 */
const STATE_WRITE = { sync: false };

/** The state of a container that was created and never started. */
export function initialState(): ContainerState {
  return { status: 'created', pid: 0, exitCode: 0, error: '', startedAt: ZERO_TIME, finishedAt: ZERO_TIME, restartCount: 0, stoppedByUser: false, oomKilled: false };
}

/** docker's rule for container names. */
function checkName(name: string): void {
  if (!NAME_PATTERN.test(name)) throw new BerthError('CONTAINER_NAME', `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`, { exitCode: 125 });
}

/** docker's error for a name or ID that matches no container. */
export function noSuchContainer(nameOrId: string): BerthError {
  return new BerthError('NO_SUCH_CONTAINER', `No such container: ${nameOrId}`);
}

/**
 * The containers of a store root: `<root>/containers/<id>/` holds record.json (what it was
 * created with), state.json (how it runs), its json-file log, its init layer and its snapshot.
 * runc's state and the bundles live in `<root>/runtime`.
 */
export class ContainerStore {
  /** `<root>/containers`. */
  readonly dir: string;
  /** The runtime's state directory (runc root and bundles). */
  readonly stateDir: string;

  constructor(readonly root: string) {
    this.dir = join(root, 'containers');
    this.stateDir = join(root, 'runtime');
  }

  /** The directory of one container. */
  containerDir(id: string): string {
    return join(this.dir, id);
  }

  /** The json-file log of one container. */
  logPath(id: string): string {
    return join(this.dir, id, `${id}-json.log`);
  }

  /** Every container, newest first. Finishes deleting the directories of removals that were killed half way. */
  async list(): Promise<Container[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const doomed of names.filter(isOrphanedTemp)) await removeDir(join(this.dir, doomed)).catch(() => undefined);
    const ids = names.filter((name) => /^[0-9a-f]{64}$/.test(name));
    const containers = await Promise.all(ids.map((id) => this.read(id)));
    return containers.filter((c): c is Container => c !== undefined).sort((a, b) => b.record.created.localeCompare(a.record.created));
  }

  /** One container by full ID, name, or unique ID prefix; BerthError NO_SUCH_CONTAINER otherwise. */
  async find(nameOrId: string): Promise<Container> {
    const key = nameOrId.replace(/^\//, '');
    if (/^[0-9a-f]{64}$/.test(key)) {
      const exact = await this.read(key);
      if (exact) return exact;
    }
    const owner = await this.nameOwner(key);
    const byName = owner === undefined ? undefined : await this.read(owner);
    if (byName) return byName;
    const all = await this.list();
    const byPrefix = /^[0-9a-f]+$/.test(key) ? all.filter((c) => c.record.id.startsWith(key)) : [];
    if (byPrefix.length === 1) return byPrefix[0];
    if (byPrefix.length > 1) throw new BerthError('AMBIGUOUS_CONTAINER', `multiple IDs found with provided prefix: ${key}`);
    throw noSuchContainer(nameOrId);
  }

  /** Reads one container, or undefined when it does not exist (or is half removed). */
  async read(id: string): Promise<Container | undefined> {
    const dir = this.containerDir(id);
    try {
      const [record, state] = await Promise.all([readFile(join(dir, RECORD), 'utf8'), readFile(join(dir, STATE), 'utf8')]);
      return { record: JSON.parse(record) as ContainerRecord, state: JSON.parse(state) as ContainerState, dir };
    } catch {
      return undefined;
    }
  }

  /** The claim file of a name: `<root>/containers/names/<name>` holding the owner's ID. */
  private namePath(name: string): string {
    return join(this.dir, 'names', name);
  }

  /**
   * Claims `name` for `id` (a claim file: no lock needed); false when another container holds it.
   * A claim whose claimant died before making the container (a crash in between) is free again.
   */
  private async claimName(name: string, id: string): Promise<boolean> {
    await mkdir(join(this.dir, 'names'), { recursive: true });
    const { pid, startTime } = currentProcess();
    const claim = await claimFile(this.namePath(name), {
      text: `${id}\n${pid} ${startTime}\n`,
      holder: (text) => {
        const claimant = /^[0-9a-f]{64}\n(\d+) (\d+)\n$/.exec(text);
        if (claimant === null) throw new Error(`not a name claim: ${text}`);
        return { pid: Number(claimant[1]), startTime: claimant[2] };
      },
      reclaimable: (text) => !existsSync(this.containerDir(text.slice(0, 64))),
    });
    return claim.taken;
  }

  private async nameOwner(name: string): Promise<string | undefined> {
    return readFile(this.namePath(name), 'utf8').then((text) => text.split('\n')[0], () => undefined);
  }

  private async conflict(name: string): Promise<BerthError> {
    return new BerthError(
      'CONTAINER_NAME_CONFLICT',
      `Conflict. The container name "/${name}" is already in use by container "${(await this.nameOwner(name)) ?? ''}". You have to remove (or rename) that container to be able to reuse that name.`,
      { exitCode: 125 },
    );
  }

  /**
   * Adds a container: claims its name (a random one when empty; docker's conflict error when
   * taken) and writes its state and record.
   */
  async add(record: Omit<ContainerRecord, 'name'> & { name?: string }): Promise<Container> {
    let name = record.name?.replace(/^\//, '') ?? '';
    if (name === '') {
      do name = randomName();
      while (!(await this.claimName(name, record.id)));
    } else {
      checkName(name);
      if (!(await this.claimName(name, record.id))) throw await this.conflict(name);
    }
    const full: ContainerRecord = { ...record, name };
    const dir = this.containerDir(full.id);
    await mkdir(dir, { recursive: true });
    const state = initialState();
    await writeFileAtomic(join(dir, STATE), JSON.stringify(state), STATE_WRITE);
    // The record last: a directory without one is not a container yet.
    await writeFileAtomic(join(dir, RECORD), JSON.stringify(full, null, 2));
    return { record: full, state, dir };
  }

  /** Gives a container a new name (docker's rules and conflict message). */
  async rename(id: string, newName: string): Promise<void> {
    const container = await this.read(id);
    if (!container) throw noSuchContainer(id);
    const name = newName.replace(/^\//, '');
    if (container.record.name === name) throw new BerthError('CONTAINER_RENAME', 'Renaming a container with the same name as its current name');
    checkName(name);
    if (!(await this.claimName(name, id))) throw await this.conflict(name);
    await writeFileAtomic(join(container.dir, RECORD), JSON.stringify({ ...container.record, name }, null, 2));
    await this.releaseName(container.record.name, id);
  }

  /** Frees a name claimed by `id`. */
  async releaseName(name: string, id: string): Promise<void> {
    if ((await this.nameOwner(name)) === id) await unlink(this.namePath(name)).catch(() => undefined);
  }

  /** Changes a container's state under its lock; returns the new state. */
  async updateState(id: string, change: (state: ContainerState) => ContainerState): Promise<ContainerState> {
    const dir = this.containerDir(id);
    return withFileLock(join(dir, 'state.lock'), async () => {
      const current = JSON.parse(await readFile(join(dir, STATE), 'utf8').catch(() => {
        throw noSuchContainer(id);
      })) as ContainerState;
      const next = change(current);
      await writeFileAtomic(join(dir, STATE), JSON.stringify(next), STATE_WRITE);
      return next;
    });
  }

  /** Runs `work` holding the container's state lock (no state change by others meanwhile). */
  withStateLock<T>(id: string, work: () => Promise<T>): Promise<T> {
    return withFileLock(join(this.containerDir(id), 'state.lock'), work);
  }

  /**
   * Deletes a container's directory, unmounting its snapshot. The directory is first renamed to
   * a temp name of this process: the container is gone at once for every other process, and one
   * still writing to it (its monitor tearing down, a second remover) gets ENOENT instead of adding
   * a file while the tree is deleted, which made that deletion fail with ENOTEMPTY.
   */
  async delete(id: string): Promise<void> {
    const container = await this.read(id);
    const doomed = join(this.dir, ownedTempName());
    const renamed = await rename(this.containerDir(id), doomed).then(() => true, (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    });
    if (renamed) await removeDir(doomed);
    if (container) await this.releaseName(container.record.name, id);
  }
}
