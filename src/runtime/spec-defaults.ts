// Docker's defaults for containers (moby's oci/defaults.go and caps/defaults.go, docker 20.10).
import { readFileSync } from 'node:fs';
import type { OciDeviceRule, OciMount } from './oci-spec.js';

/** Docker's default capability set. */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** Paths hidden from the container (bind-mounted over with /dev/null or an empty read-only tmpfs). */
export const MASKED_PATHS = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

/** Paths made read-only in the container. */
export const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** PATH when neither the image nor the caller sets one. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Open files limit, soft and hard (docker's daemon default). */
const NOFILE_LIMIT = 1048576;
let nofile: number | undefined;

/**
 * docker's open files limit, capped at this process's hard limit: raising it needs
 * CAP_SYS_RESOURCE, which a sandboxed root may lack, and runc would then fail to start anything.
 */
export function nofileLimit(): number {
  if (nofile === undefined) {
    let limits = '';
    try {
      limits = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      // No /proc: keep docker's value.
    }
    const hard = /^Max open files\s+\S+\s+(\d+)/m.exec(limits)?.[1];
    nofile = hard === undefined ? NOFILE_LIMIT : Math.min(NOFILE_LIMIT, Number(hard));
  }
  return nofile;
}

/**
 * /proc, /dev and its pseudo-filesystems, /sys (read-only) and the cgroup tree. runc creates
 * /dev/null, zero, full, random, urandom, tty, the /dev/ptmx link and /dev/fd links itself.
 */
export const STANDARD_MOUNTS: OciMount[] = [
  { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
  { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
  { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
  { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'noexec', 'nodev'] },
  { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
  { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
];

function allowChar(major: number | undefined, minor: number | undefined, access = 'rwm'): OciDeviceRule {
  return { allow: true, type: 'c', major, minor, access };
}

/** The devices cgroup: deny all, then docker's default allow list. */
export const DEVICE_RULES: OciDeviceRule[] = [
  { allow: false, access: 'rwm' },
  allowChar(undefined, undefined, 'm'),
  { allow: true, type: 'b', access: 'm' },
  allowChar(1, 3), // null
  allowChar(1, 5), // zero
  allowChar(1, 7), // full
  allowChar(1, 8), // random
  allowChar(1, 9), // urandom
  allowChar(5, 0), // tty
  allowChar(5, 1), // console
  allowChar(5, 2), // ptmx
  allowChar(136, undefined), // pts
  allowChar(10, 200), // tun
];
