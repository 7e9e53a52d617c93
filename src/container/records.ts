import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../core/index.js';
import { removeDir } from '../snapshot/index.js';
import { writeFileAtomic } from './atomic.js';
import { withFileLock } from './lock.js';
import { NAME_PATTERN, randomName } from './names.js';
import type { Container, ContainerRecord, ContainerState } from './types.js';
import { ZERO_TIME } from './types.js';

const RECORD = 'record.json';
const STATE = 'state.json';

/** The state of a container that was created and never started. */
export function initialState(): ContainerState {
  return { status: 'created', pid: 0, exitCode: 0, error: '', startedAt: ZERO_TIME, finishedAt: ZERO_TIME, restartCount: 0, stoppedByUser: false, oomKilled: false };
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

  /** Every container, newest first. */
  async list(): Promise<Container[]> {
    const ids = (await readdir(this.dir).catch(() => [] as string[])).filter((name) => /^[0-9a-f]{64}$/.test(name));
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
    const all = await this.list();
    const byName = all.find((c) => c.record.name === key);
    if (byName) return byName;
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

  /**
   * Adds a container: checks its name (a random one when empty) is free and writes its record and
   * state. Throws docker's conflict error for a name in use.
   */
  async add(record: Omit<ContainerRecord, 'name'> & { name?: string }): Promise<Container> {
    await mkdir(this.dir, { recursive: true });
    return withFileLock(join(this.dir, 'names.lock'), async () => {
      const taken = new Map((await this.list()).map((c) => [c.record.name, c.record.id]));
      let name = record.name?.replace(/^\//, '') ?? '';
      if (name === '') {
        do name = randomName();
        while (taken.has(name));
      }
      this.checkName(name, taken);
      const full: ContainerRecord = { ...record, name };
      const dir = this.containerDir(full.id);
      await mkdir(dir, { recursive: true });
      const state = initialState();
      await writeFileAtomic(join(dir, STATE), JSON.stringify(state));
      // The record last: a directory without one is not a container yet.
      await writeFileAtomic(join(dir, RECORD), JSON.stringify(full, null, 2));
      return { record: full, state, dir };
    });
  }

  /** Gives a container a new name (docker's rules and conflict message). */
  async rename(id: string, newName: string): Promise<void> {
    await withFileLock(join(this.dir, 'names.lock'), async () => {
      const container = await this.read(id);
      if (!container) throw noSuchContainer(id);
      const name = newName.replace(/^\//, '');
      if (container.record.name === name) throw new BerthError('CONTAINER_RENAME', 'Renaming a container with the same name as its current name');
      this.checkName(name, new Map((await this.list()).map((c) => [c.record.name, c.record.id])));
      await writeFileAtomic(join(container.dir, RECORD), JSON.stringify({ ...container.record, name }, null, 2));
    });
  }

  private checkName(name: string, taken: Map<string, string>): void {
    if (!NAME_PATTERN.test(name)) throw new BerthError('CONTAINER_NAME', `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`, { exitCode: 125 });
    const owner = taken.get(name);
    if (owner !== undefined) {
      throw new BerthError(
        'CONTAINER_NAME_CONFLICT',
        `Conflict. The container name "/${name}" is already in use by container "${owner}". You have to remove (or rename) that container to be able to reuse that name.`,
        { exitCode: 125 },
      );
    }
  }

  /** Changes a container's state under its lock; returns the new state. */
  async updateState(id: string, change: (state: ContainerState) => ContainerState): Promise<ContainerState> {
    const dir = this.containerDir(id);
    return withFileLock(join(dir, 'state.lock'), async () => {
      const current = JSON.parse(await readFile(join(dir, STATE), 'utf8').catch(() => {
        throw noSuchContainer(id);
      })) as ContainerState;
      const next = change(current);
      await writeFileAtomic(join(dir, STATE), JSON.stringify(next));
      return next;
    });
  }

  /** Runs `work` holding the container's state lock (no state change by others meanwhile). */
  withStateLock<T>(id: string, work: () => Promise<T>): Promise<T> {
    return withFileLock(join(this.containerDir(id), 'state.lock'), work);
  }

  /** Deletes a container's directory (its snapshot must be unmounted). */
  async delete(id: string): Promise<void> {
    await removeDir(this.containerDir(id));
  }
}
