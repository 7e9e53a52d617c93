import { BerthError } from '../core/index.js';
import type { OciSpec } from './oci-spec.js';
import type { ContainerConfig } from './types.js';

/** An OCI bundle directory written by {@link createBundle}. */
export interface Bundle {
  /** The bundle directory (holds config.json, the generated /etc files, the secrets tmpfs). */
  dir: string;
  spec: OciSpec;
  /**
   * Removes what the container's mounts created in the root filesystem when absent before
   * (empty mount-point files and directories, like BuildKit), so they do not reach a layer. Call it
   * after the container exited, before taking the snapshot's changes.
   */
  removeMountStubs(): Promise<void>;
  /** Unmounts the secrets tmpfs and deletes the bundle directory. Idempotent. */
  remove(): Promise<void>;
}

/**
 * Writes an OCI bundle for `config` into `dir`: config.json (see {@link generateSpec}), hosts,
 * resolv.conf (the host's, without loopback nameservers unless host networking) and hostname files,
 * and secrets on a tmpfs; resolves the user in the root filesystem and creates the working directory
 * there when missing (owned by the user, like docker).
 */
export async function createBundle(dir: string, config: ContainerConfig): Promise<Bundle> {
  void dir, void config;
  throw new BerthError('NOT_IMPLEMENTED', 'createBundle is not implemented yet');
}
