// The shapes of a container as berth keeps it under the store root: what it was created with
// (docker's Config and HostConfig, the parts berth supports) and its changing state.
import type { Digest } from '../core/index.js';
import type { ContainerMount, ResourceLimits } from '../runtime/index.js';

/** A published port: `[HOST_ADDRESS:]HOST_PORT:CONTAINER_PORT[/PROTOCOL]`. */
export interface PortBinding {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  /** Host address to listen on; '' means every address (docker's 0.0.0.0). */
  hostIp: string;
  /** Host port; 0 means one chosen by the kernel (`-P`, `-p 80`). */
  hostPort: number;
}

/** `--restart`: docker's policy names; `maximumRetryCount` only for on-failure. */
export interface RestartPolicy {
  name: 'no' | 'on-failure' | 'always' | 'unless-stopped';
  maximumRetryCount: number;
}

/** docker's container Config: what the process is. */
export interface ProcessConfig {
  hostname?: string;
  user: string;
  env: string[];
  cmd: string[];
  entrypoint: string[];
  workingDir: string;
  tty: boolean;
  openStdin: boolean;
  labels: Record<string, string>;
  stopSignal: string;
  /** Seconds `stop` waits before SIGKILL (docker's default 10). */
  stopTimeout: number;
  exposedPorts: string[];
}

/** docker's HostConfig: how the container is set up around its process. */
export interface HostSetup {
  /** 'bridge' (default), 'host' or 'none'. */
  networkMode: 'bridge' | 'host' | 'none';
  ports: PortBinding[];
  publishAll: boolean;
  mounts: ContainerMount[];
  /** Named volumes used by `mounts` (docker's `-v name:/path`), for `rm -v`. */
  volumes: string[];
  readonlyRootfs: boolean;
  autoRemove: boolean;
  restartPolicy: RestartPolicy;
  init: boolean;
  resources: ResourceLimits;
  extraHosts: { host: string; ip: string }[];
}

/** What a container was created from and with; written once (except its name). */
export interface ContainerRecord {
  /** 64 hex digits. */
  id: string;
  /** Without docker's leading '/'. */
  name: string;
  created: string;
  /** The image as the user named it. */
  imageName: string;
  /** Image ID (config digest). */
  imageId: Digest;
  /** The image's platform manifest, kept as a gc root while the container exists. */
  manifestDigest: Digest;
  /** argv of the process: docker's Path and Args. */
  path: string;
  args: string[];
  config: ProcessConfig;
  host: HostSetup;
  /** The unpacked layer directories under the container's layers, top first (init layer excluded). */
  lowers: string[];
}

/** created | running | restarting | exited | dead, as docker names them. */
export type ContainerStatus = 'created' | 'running' | 'restarting' | 'exited' | 'dead';

/** The process that supervises a running container: the foreground CLI or a detached monitor. */
export interface MonitorIdentity {
  pid: number;
  startTime: string;
}

/** The container's network while it runs with bridge networking. */
export interface NetworkState {
  ipAddress: string;
  gateway: string;
  prefixLength: number;
  macAddress: string;
  netns: string;
  /** Published ports as actually bound (host ports chosen for 0). */
  ports: PortBinding[];
}

/** A container's changing state (state.json). */
export interface ContainerState {
  status: ContainerStatus;
  /** Host pid of the container's init process while running, else 0. */
  pid: number;
  exitCode: number;
  error: string;
  startedAt: string;
  finishedAt: string;
  restartCount: number;
  /** True when stop/kill ended it (no restart by policy). */
  stoppedByUser: boolean;
  oomKilled: boolean;
  monitor?: MonitorIdentity;
  network?: NetworkState;
}

/** A container as read from disk: record and state together. */
export interface Container {
  record: ContainerRecord;
  state: ContainerState;
  /** The container's directory under the store root. */
  dir: string;
}

/** The zero time docker prints for times not yet reached. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';
