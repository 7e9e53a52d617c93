import type { ContainerConfig, ContainerMount, NetworkMode } from '../runtime/index.js';
import { netnsPath } from './network/bridge.js';
import type { ContainerRecord, NetworkState } from './types.js';

/** Where `--init` finds docker's init (tini), bound read-only into the container like docker does. */
const INIT_BINARY = '/usr/bin/docker-init';
const INIT_TARGET = '/sbin/docker-init';

/** The runtime's configuration for one start of a container. */
export function runtimeConfig(record: ContainerRecord, rootfs: string, network: NetworkState | undefined): ContainerConfig {
  const mode: NetworkMode = network ? { netnsPath: netnsPath(network.netns) } : record.host.networkMode === 'host' ? 'host' : 'none';
  const argv = [record.path, ...record.args];
  const mounts: ContainerMount[] = [...record.host.mounts];
  if (record.host.init) mounts.push({ type: 'bind', source: INIT_BINARY, target: INIT_TARGET, readonly: true });
  const extraHosts = [...record.host.extraHosts];
  if (network) extraHosts.push({ host: record.config.hostname ?? record.id.slice(0, 12), ip: network.ipAddress });
  return {
    id: record.id,
    rootfs,
    process: {
      args: record.host.init ? [INIT_TARGET, '--', ...argv] : argv,
      env: record.config.env,
      cwd: record.config.workingDir,
      user: record.config.user,
      terminal: record.config.tty,
    },
    hostname: record.config.hostname,
    network: mode,
    extraHosts,
    mounts,
    readonlyRootfs: record.host.readonlyRootfs,
    resources: record.host.resources,
  };
}
