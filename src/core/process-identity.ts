import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A process identity that survives pid reuse: the pid and its start time in clock ticks since boot. */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
}

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) may hold spaces, so count after its ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

let self: ProcessIdentity | undefined;

/** This process's identity (read from /proc once: it never changes). */
export function currentProcess(): ProcessIdentity {
  self ??= { pid: process.pid, startTime: startTimeOf(process.pid) ?? '' };
  return { ...self };
}

/** True while the process that recorded `identity` is still running. */
export function isAlive(identity: ProcessIdentity): boolean {
  return startTimeOf(identity.pid) === identity.startTime;
}

const TEMP_PREFIX = '.tmp-';

/** True for names made by {@link ownedTempName} (and older `.tmp-` names): never a finished object. */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

/** A temporary file or directory name that says which process writes it: `.tmp-<pid>-<start time>-<random>`. */
export function ownedTempName(): string {
  const { pid, startTime } = currentProcess();
  return `${TEMP_PREFIX}${pid}-${startTime}-${randomBytes(4).toString('hex')}`;
}

/** True when `name` is an {@link ownedTempName} of a process that has ended: nobody will finish or remove it. */
export function isOrphanedTemp(name: string): boolean {
  const match = /^\.tmp-(\d+)-(\d+)-[0-9a-f]+$/.exec(name);
  return match !== null && !isAlive({ pid: Number(match[1]), startTime: match[2] });
}
