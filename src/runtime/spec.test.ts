import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSpec } from './spec.js';
import type { ContainerConfig, ResolvedUser } from './types.js';

const ROOT: ResolvedUser = { uid: 0, gid: 0, additionalGids: [], home: '/root' };
const FILES = { hosts: '/b/hosts', resolvConf: '/b/resolv.conf', hostname: '/b/hostname' };

function config(extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return { id: '0123456789abcdef0123', rootfs: '/r', process: { args: ['sh'] }, ...extra };
}

test('generateSpec: docker defaults for env, hostname, caps, rlimits, namespaces and masked paths', () => {
  const spec = generateSpec(config(), ROOT, FILES);
  assert.equal(spec.hostname, '0123456789ab');
  assert.deepEqual(spec.process.env, ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=0123456789ab', 'HOME=/root']);
  assert.equal(spec.process.cwd, '/');
  assert.equal(spec.process.capabilities?.bounding.length, 14);
  assert.ok(spec.process.capabilities?.effective.includes('CAP_NET_BIND_SERVICE'));
  assert.ok(!spec.process.capabilities?.effective.includes('CAP_SYS_ADMIN'));
  assert.equal(spec.process.rlimits?.[0].type, 'RLIMIT_NOFILE');
  assert.ok((spec.process.rlimits?.[0].hard ?? 0) <= 1048576);
  assert.deepEqual(spec.linux.namespaces.map((ns) => ns.type), ['pid', 'ipc', 'uts', 'mount', 'network']);
  assert.ok(spec.linux.maskedPaths?.includes('/proc/kcore'));
  assert.ok(spec.linux.readonlyPaths?.includes('/proc/sys'));
  assert.equal(spec.linux.cgroupsPath, '/berth/0123456789abcdef0123');
  assert.deepEqual(spec.linux.resources?.memory, undefined);
  const destinations = spec.mounts.map((m) => m.destination);
  assert.deepEqual(destinations, ['/proc', '/dev', '/dev/pts', '/sys', '/sys/fs/cgroup', '/dev/mqueue', '/dev/shm', '/etc/hosts', '/etc/resolv.conf', '/etc/hostname']);
  assert.ok(spec.mounts.find((m) => m.destination === '/sys')?.options?.includes('ro'));
});

test('generateSpec: the caller env replaces defaults, TERM with a terminal, user and groups', () => {
  const user: ResolvedUser = { uid: 1001, gid: 1001, additionalGids: [50], home: '/home/app' };
  const spec = generateSpec(config({ hostname: 'box', process: { args: ['x'], env: ['PATH=/bin', 'A=1', 'HOME=/h'], terminal: true, cwd: '/app' } }), user, FILES);
  assert.deepEqual(spec.process.env, ['PATH=/bin', 'HOSTNAME=box', 'TERM=xterm', 'A=1', 'HOME=/h']);
  assert.deepEqual(spec.process.user, { uid: 1001, gid: 1001, additionalGids: [50] });
  assert.equal(spec.process.terminal, true);
  assert.equal(spec.process.cwd, '/app');
});

test('generateSpec: host network shares the namespace, a netns path joins it', () => {
  assert.ok(!generateSpec(config({ network: 'host' }), ROOT, FILES).linux.namespaces.some((ns) => ns.type === 'network'));
  const joined = generateSpec(config({ network: { netnsPath: '/run/netns/x' } }), ROOT, FILES).linux.namespaces;
  assert.deepEqual(joined.find((ns) => ns.type === 'network'), { type: 'network', path: '/run/netns/x' });
});

test('generateSpec: cgroup limits, read-only root, and caller mounts sorted parents first', () => {
  const spec = generateSpec(
    config({
      resources: { memory: 64 << 20, cpus: 1.5, pidsLimit: 100 },
      readonlyRootfs: true,
      mounts: [
        { type: 'secret', target: '/run/secrets/a/token', data: 's' },
        { type: 'bind', source: '/host/data', target: '/data', readonly: true },
        { type: 'tmpfs', target: '/run', size: 1024 },
      ],
    }),
    ROOT,
    { ...FILES, secrets: ['/b/secrets/0'] },
  );
  assert.deepEqual(spec.linux.resources?.memory, { limit: 64 << 20 });
  assert.deepEqual(spec.linux.resources?.cpu, { quota: 150000, period: 100000 });
  assert.deepEqual(spec.linux.resources?.pids, { limit: 100 });
  assert.equal(spec.root.readonly, true);
  assert.deepEqual(spec.mounts.slice(10), [
    { destination: '/data', type: 'bind', source: '/host/data', options: ['rbind', 'rprivate', 'ro'] },
    { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'mode=1777', 'rw', 'size=1024'] },
    { destination: '/run/secrets/a/token', type: 'bind', source: '/b/secrets/0', options: ['rbind', 'rprivate', 'ro'] },
  ]);
});
