import type { Readable, Writable } from 'node:stream';

/** The container's network: its own namespace with only `lo`, the host's, or a prepared namespace (bridge). */
export type NetworkMode = 'none' | 'host' | { netnsPath: string };

/** A mount into the container besides the standard ones (/proc, /dev, /sys, /etc/hosts…). */
export type ContainerMount =
  /** A host file or directory bound at `target`; read-write unless `readonly`. */
  | { type: 'bind'; source: string; target: string; readonly?: boolean }
  /** A fresh tmpfs at `target`; `size` in bytes, `mode` like 0o1777 (docker's default). */
  | { type: 'tmpfs'; target: string; size?: number; mode?: number; readonly?: boolean }
  /**
   * A secret file at `target`: the bytes are written to a tmpfs outside the root filesystem and
   * bound read-only, so they never reach a layer. Default owner 0:0, mode 0o400 (BuildKit's).
   */
  | { type: 'secret'; target: string; data: Uint8Array | string; uid?: number; gid?: number; mode?: number };

/** cgroup limits; absent fields mean unlimited. */
export interface ResourceLimits {
  /** Memory limit in bytes (`--memory`). */
  memory?: number;
  /** CPUs as a fraction (`--cpus 1.5`), enforced as CFS quota over a 100 ms period. */
  cpus?: number;
  /** Maximum number of processes (`--pids-limit`). */
  pidsLimit?: number;
}

/** The process to run in the container. */
export interface ProcessOptions {
  /** argv; args[0] is looked up in the container's PATH by runc. */
  args: string[];
  /**
   * `KEY=VALUE` list (the image's Env combined with the caller's). PATH gets docker's default when
   * absent; HOSTNAME and HOME are added when absent (HOME from /etc/passwd, else /root for root).
   */
  env?: string[];
  /** Working directory (absolute), created when missing like docker does. Default `/`. */
  cwd?: string;
  /**
   * docker's user string: `user`, `uid`, `user:group`, `uid:gid` (names looked up in the root
   * filesystem's /etc/passwd and /etc/group). Default root.
   */
  user?: string;
  /** Extra group ids or names (`--group-add`), added to the ones /etc/group gives the user. */
  groupAdd?: string[];
  /** Allocate a pseudo-terminal (`-t`). */
  terminal?: boolean;
}

/** Everything that shapes a container's OCI runtime configuration. */
export interface ContainerConfig {
  /** Container id: the runc id and the default hostname (its first 12 characters). */
  id: string;
  /** The root filesystem (a snapshot's rootfs). */
  rootfs: string;
  process: ProcessOptions;
  /** Default: the first 12 characters of `id`, or the host's name with host networking. */
  hostname?: string;
  /** Default 'none'. */
  network?: NetworkMode;
  /** `--add-host` entries appended to /etc/hosts. */
  extraHosts?: { host: string; ip: string }[];
  mounts?: ContainerMount[];
  /** Mount the root filesystem read-only (`--read-only`). */
  readonlyRootfs?: boolean;
  resources?: ResourceLimits;
  /** Labels stored as OCI annotations. */
  annotations?: Record<string, string>;
}

/** The user a docker user string resolves to in a root filesystem. */
export interface ResolvedUser {
  uid: number;
  gid: number;
  /** Supplementary groups: /etc/group memberships and `groupAdd`. */
  additionalGids: number[];
  /** Home directory from /etc/passwd; `/root` for root when absent, `/` otherwise. */
  home: string;
}

/** Where a container's standard streams go. */
export interface ContainerStdio {
  /** Default 'ignore' (stdin at EOF). */
  stdin?: 'inherit' | 'ignore' | Readable;
  /** Default 'inherit'. A Writable gets the bytes and is not ended. */
  stdout?: 'inherit' | 'ignore' | Writable;
  /** Default 'inherit'. A Writable gets the bytes and is not ended. */
  stderr?: 'inherit' | 'ignore' | Writable;
}

/** Options of {@link runContainer}. */
export interface RunOptions extends ContainerStdio {
  /** berth's state directory; runc keeps its state in `<stateDir>/runc`, bundles go to `<stateDir>/bundles/<id>`. */
  stateDir: string;
  /** Aborting kills the container (SIGKILL), deletes it and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** How a container's process ended. */
export interface RunResult {
  /** The exit status; 128+n when killed by signal n (like docker). */
  exitCode: number;
}
