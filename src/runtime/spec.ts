import { BerthError } from '../core/index.js';
import type { OciSpec } from './oci-spec.js';
import type { ContainerConfig, ResolvedUser } from './types.js';

/** Host-side files bound over the container's /etc/hosts, /etc/resolv.conf and /etc/hostname. */
export interface EtcFiles {
  hosts: string;
  resolvConf: string;
  hostname: string;
}

/**
 * The OCI runtime config for a container, like docker's defaults: mount, pid, uts, ipc and network
 * namespaces (host network shares the host's), docker's default capabilities, masked and read-only
 * /proc and /sys paths, /proc, /dev (tmpfs with the standard devices, pts, shm, mqueue), /sys
 * read-only, nofile 1048576, cgroup limits when given, and the caller's mounts. Pure: `user` comes
 * from {@link resolveUser}, `etcFiles` from the bundle.
 */
export function generateSpec(config: ContainerConfig, user: ResolvedUser, etcFiles: EtcFiles): OciSpec {
  void config, void user, void etcFiles;
  throw new BerthError('NOT_IMPLEMENTED', 'generateSpec is not implemented yet');
}
