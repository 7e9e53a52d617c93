// `inspect` of a container: docker's ContainerJSON shape (the fields berth has).
import { join } from 'node:path';
import type { Container, ContainerStore } from '../../container/index.js';
import { runcOf } from '../../container/index.js';

function portMap(keys: string[], bindings: { containerPort: number; protocol: string; hostIp: string; hostPort: number }[]): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const map: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const key of keys) map[key] = null;
  for (const b of bindings) {
    const key = `${b.containerPort}/${b.protocol}`;
    map[key] = [...(map[key] ?? []), { HostIp: b.hostIp || '0.0.0.0', HostPort: b.hostPort === 0 ? '' : String(b.hostPort) }];
  }
  return map;
}

/** The container as `docker inspect` shows it. */
export async function inspectContainer(containers: ContainerStore, container: Container): Promise<Record<string, unknown>> {
  const { record, state, dir } = container;
  const running = state.status === 'running';
  const pid = running ? ((await runcOf(containers).state(record.id).catch(() => undefined))?.pid ?? state.pid) : 0;
  const bundle = join(containers.stateDir, 'bundles', record.id);
  const network = state.network;
  const mounts = record.host.mounts.filter((m) => m.type === 'bind') as { type: 'bind'; source: string; target: string; readonly?: boolean }[];
  return {
    Id: record.id,
    Created: record.created,
    Path: record.path,
    Args: record.args,
    State: {
      Status: state.status, Running: running || state.status === 'restarting', Paused: false, Restarting: state.status === 'restarting', OOMKilled: state.oomKilled,
      Dead: state.status === 'dead', Pid: pid, ExitCode: state.exitCode, Error: state.error, StartedAt: state.startedAt, FinishedAt: state.finishedAt,
    },
    Image: record.imageId,
    ResolvConfPath: join(bundle, 'resolv.conf'),
    HostnamePath: join(bundle, 'hostname'),
    HostsPath: join(bundle, 'hosts'),
    LogPath: containers.logPath(record.id),
    Name: `/${record.name}`,
    RestartCount: state.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: {
      Binds: mounts.map((m) => `${m.source}:${m.target}${m.readonly ? ':ro' : ''}`),
      NetworkMode: record.host.networkMode,
      PortBindings: portMap([], record.host.ports),
      RestartPolicy: { Name: record.host.restartPolicy.name, MaximumRetryCount: record.host.restartPolicy.maximumRetryCount },
      AutoRemove: record.host.autoRemove,
      PublishAllPorts: record.host.publishAll,
      ReadonlyRootfs: record.host.readonlyRootfs,
      Init: record.host.init,
      Memory: record.host.resources.memory ?? 0,
      NanoCpus: Math.round((record.host.resources.cpus ?? 0) * 1e9),
      PidsLimit: record.host.resources.pidsLimit ?? null,
      ExtraHosts: record.host.extraHosts.map((h) => `${h.host}:${h.ip}`),
      Tmpfs: Object.fromEntries(record.host.mounts.filter((m) => m.type === 'tmpfs').map((m) => [m.target, ''])),
    },
    GraphDriver: {
      Data: { LowerDir: [join(dir, 'init'), ...record.lowers].join(':'), MergedDir: join(dir, 'fs', 'rootfs'), UpperDir: join(dir, 'fs', 'upper'), WorkDir: join(dir, 'fs', 'work') },
      Name: 'overlay2',
    },
    Mounts: mounts.map((m) => ({ Type: 'bind', Source: m.source, Destination: m.target, Mode: '', RW: !m.readonly, Propagation: 'rprivate' })),
    Config: {
      Hostname: record.config.hostname ?? record.id.slice(0, 12),
      Domainname: '',
      User: record.config.user,
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ExposedPorts: Object.fromEntries(record.config.exposedPorts.map((p) => [p, {}])),
      Tty: record.config.tty,
      OpenStdin: record.config.openStdin,
      StdinOnce: false,
      Env: record.config.env,
      Cmd: record.config.cmd,
      Image: record.imageName,
      Volumes: null,
      WorkingDir: record.config.workingDir,
      Entrypoint: record.config.entrypoint.length > 0 ? record.config.entrypoint : null,
      OnBuild: null,
      Labels: record.config.labels,
      StopSignal: record.config.stopSignal,
    },
    NetworkSettings: {
      Bridge: '',
      SandboxKey: network ? `/run/netns/${network.netns}` : '',
      Ports: portMap(record.config.exposedPorts, network?.ports ?? []),
      Gateway: network?.gateway ?? '',
      IPAddress: network?.ipAddress ?? '',
      IPPrefixLen: network?.prefixLength ?? 0,
      MacAddress: network?.macAddress ?? '',
      Networks: record.host.networkMode === 'bridge' ? { bridge: { IPAddress: network?.ipAddress ?? '', Gateway: network?.gateway ?? '', IPPrefixLen: network?.prefixLength ?? 0, MacAddress: network?.macAddress ?? '' } } : {},
    },
  };
}

/**
 * The container `nameOrId` names in the store at `root`, or undefined when there is none (then
 * `inspect` looks for an image); with `required` (`--type container`) docker's "No such container".
 */
export async function findContainerOrUndefined(root: string, nameOrId: string, required: boolean): Promise<{ containers: ContainerStore; container: Container } | undefined> {
  const { ContainerStore, findContainer } = await import('../../container/index.js');
  const { isBerthError } = await import('../../core/index.js');
  const containers = new ContainerStore(root);
  try {
    return { containers, container: await findContainer(containers, nameOrId) };
  } catch (err) {
    if (!required && isBerthError(err, 'NO_SUCH_CONTAINER')) return undefined;
    throw err;
  }
}
