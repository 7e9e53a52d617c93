import type { OciMount, OciResources, OciSpec } from './oci-spec.js';
import { containerEnv } from './env.js';
import { containerHostname } from './etc-files.js';
import { DEFAULT_CAPABILITIES, DEVICE_RULES, MASKED_PATHS, nofileLimit, READONLY_PATHS, STANDARD_MOUNTS } from './spec-defaults.js';
import type { ContainerConfig, ContainerMount, ResolvedUser, ResourceLimits } from './types.js';

/** Host-side files the bundle generated: bound over /etc/hosts, /etc/resolv.conf, /etc/hostname, and the secrets. */
export interface EtcFiles {
  hosts: string;
  resolvConf: string;
  hostname: string;
  /** Host files (on a tmpfs) of the config's secret mounts, in the order they appear in `config.mounts`. */
  secrets?: string[];
}

const CFS_PERIOD = 100_000;

function resources(limits: ResourceLimits | undefined): OciResources {
  const result: OciResources = { devices: DEVICE_RULES };
  if (limits?.memory !== undefined) result.memory = { limit: limits.memory };
  if (limits?.cpus !== undefined) result.cpu = { quota: Math.round(limits.cpus * CFS_PERIOD), period: CFS_PERIOD };
  if (limits?.pidsLimit !== undefined) result.pids = { limit: limits.pidsLimit };
  return result;
}

function depth(path: string): number {
  return path.split('/').filter((part) => part !== '').length;
}

function ociMount(mount: ContainerMount, secretSource: () => string): OciMount {
  switch (mount.type) {
    case 'bind':
      return { destination: mount.target, type: 'bind', source: mount.source, options: ['rbind', 'rprivate', mount.readonly ? 'ro' : 'rw'] };
    case 'tmpfs': {
      const options = ['nosuid', 'nodev', `mode=${(mount.mode ?? 0o1777).toString(8)}`, mount.readonly ? 'ro' : 'rw'];
      if (mount.size !== undefined) options.push(`size=${mount.size}`);
      return { destination: mount.target, type: 'tmpfs', source: 'tmpfs', options };
    }
    case 'secret':
      return { destination: mount.target, type: 'bind', source: secretSource(), options: ['rbind', 'rprivate', 'ro'] };
  }
}

/** The caller's mounts, parents before children (docker sorts by depth so that nested targets work). */
function callerMounts(mounts: ContainerMount[], secrets: string[]): OciMount[] {
  let nextSecret = 0;
  const converted = mounts.map((mount) => ociMount(mount, () => secrets[nextSecret++]));
  return converted.sort((a, b) => depth(a.destination) - depth(b.destination));
}

function namespaces(network: ContainerConfig['network']): OciSpec['linux']['namespaces'] {
  const list: OciSpec['linux']['namespaces'] = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  if (network === undefined || network === 'none') list.push({ type: 'network' });
  else if (network !== 'host') list.push({ type: 'network', path: network.netnsPath });
  return list;
}

/**
 * The OCI runtime config for a container, like docker's defaults: mount, pid, uts, ipc and network
 * namespaces (host network shares the host's), docker's default capabilities, masked and read-only
 * /proc and /sys paths, /proc, /dev (tmpfs with the standard devices, pts, shm, mqueue), /sys
 * read-only, nofile 1048576, cgroup limits when given, and the caller's mounts. Pure: `user` comes
 * from {@link resolveUser}, `etcFiles` from the bundle.
 */
export function generateSpec(config: ContainerConfig, user: ResolvedUser, etcFiles: EtcFiles): OciSpec {
  const hostname = containerHostname(config);
  const terminal = config.process.terminal ?? false;
  const etcBind = (destination: string, source: string): OciMount => ({ destination, type: 'bind', source, options: ['rbind', 'rprivate'] });
  return {
    ociVersion: '1.0.2',
    process: {
      terminal,
      user: { uid: user.uid, gid: user.gid, ...(user.additionalGids.length > 0 ? { additionalGids: user.additionalGids } : {}) },
      args: config.process.args,
      env: containerEnv(config.process.env ?? [], { hostname, home: user.home, terminal }),
      cwd: config.process.cwd ?? '/',
      capabilities: { bounding: DEFAULT_CAPABILITIES, effective: DEFAULT_CAPABILITIES, permitted: DEFAULT_CAPABILITIES },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: nofileLimit(), soft: nofileLimit() }],
      noNewPrivileges: false,
      oomScoreAdj: 0,
    },
    root: { path: config.rootfs, readonly: config.readonlyRootfs ?? false },
    hostname,
    mounts: [
      ...STANDARD_MOUNTS,
      etcBind('/etc/hosts', etcFiles.hosts),
      etcBind('/etc/resolv.conf', etcFiles.resolvConf),
      etcBind('/etc/hostname', etcFiles.hostname),
      ...callerMounts(config.mounts ?? [], etcFiles.secrets ?? []),
    ],
    ...(config.annotations ? { annotations: config.annotations } : {}),
    linux: {
      namespaces: namespaces(config.network),
      resources: resources(config.resources),
      cgroupsPath: `/berth/${config.id}`,
      maskedPaths: MASKED_PATHS,
      readonlyPaths: READONLY_PATHS,
    },
  };
}
