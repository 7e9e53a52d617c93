// The flags `run` and `create` share (docker's container create flags), and their conversion
// into a CreateRequest.
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { CreateRequest } from '../../container/index.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The shared flags as commander hands them over. */
export interface ContainerFlags {
  name?: string;
  env?: string[];
  envFile?: string[];
  workdir?: string;
  user?: string;
  entrypoint?: string;
  volume?: string[];
  mount?: string[];
  publish?: string[];
  publishAll?: boolean;
  expose?: string[];
  network?: string;
  net?: string;
  hostname?: string;
  readOnly?: boolean;
  tmpfs?: string[];
  stopSignal?: string;
  stopTimeout?: string;
  restart?: string;
  platform?: string;
  init?: boolean;
  pull?: string;
  label?: string[];
  memory?: string;
  cpus?: string;
  pidsLimit?: string;
  addHost?: string[];
  interactive?: boolean;
  tty?: boolean;
  rm?: boolean;
}

/** Adds docker's container create flags to `cmd` (which takes IMAGE [COMMAND] [ARG...]). */
export function addContainerFlags(cmd: Command): Command {
  return cmd
    .usage('[OPTIONS] IMAGE [COMMAND] [ARG...]')
    .argument('<image>')
    .argument('[command...]')
    .helpOption('--help', 'Print usage')
    .passThroughOptions()
    .option('--name <name>', 'Assign a name to the container')
    .option('-e, --env <KEY=VALUE>', 'Set environment variables', collect)
    .option('--env-file <file>', 'Read in a file of environment variables', collect)
    .option('-w, --workdir <dir>', 'Working directory inside the container')
    .option('-u, --user <user>', 'Username or UID (format: <name|uid>[:<group|gid>])')
    .option('--entrypoint <command>', 'Overwrite the default ENTRYPOINT of the image')
    .option('-v, --volume <spec>', 'Bind mount a volume', collect)
    .option('--mount <spec>', 'Attach a filesystem mount to the container', collect)
    .option('-p, --publish <spec>', "Publish a container's port(s) to the host", collect)
    .option('-P, --publish-all', 'Publish all exposed ports to random ports')
    .option('--expose <port>', 'Expose a port or a range of ports', collect)
    .option('--network <mode>', 'Connect a container to a network (bridge, host, none)')
    .addOption(new Option('--net <mode>').hideHelp())
    .option('-h, --hostname <name>', 'Container host name')
    .option('--read-only', "Mount the container's root filesystem as read only")
    .option('--tmpfs <spec>', 'Mount a tmpfs directory', collect)
    .option('--stop-signal <signal>', 'Signal to stop the container')
    .option('--stop-timeout <seconds>', 'Timeout (in seconds) to stop a container')
    .option('--restart <policy>', 'Restart policy to apply when a container exits', 'no')
    .option('--platform <platform>', 'Set platform if server is multi-platform capable')
    .option('--init', 'Run an init inside the container that forwards signals and reaps processes')
    .option('--pull <policy>', 'Pull image before running ("always", "missing", "never")', 'missing')
    .option('-l, --label <label>', 'Set meta data on a container', collect)
    .option('-m, --memory <bytes>', 'Memory limit')
    .option('--cpus <number>', 'Number of CPUs')
    .option('--pids-limit <number>', 'Tune container pids limit (set -1 for unlimited)')
    .option('--add-host <host:ip>', 'Add a custom host-to-IP mapping (host:ip)', collect)
    .option('-i, --interactive', 'Keep STDIN open even if not attached')
    .option('-t, --tty', 'Allocate a pseudo-TTY')
    .option('--rm', 'Automatically remove the container when it exits');
}

/** `-e KEY` takes the value from this process's environment (dropped when unset), like docker. */
function envEntry(entry: string): string | undefined {
  if (entry.includes('=')) return entry;
  return process.env[entry] === undefined ? undefined : `${entry}=${process.env[entry]}`;
}

async function envFiles(files: string[]): Promise<string[]> {
  const entries: string[] = [];
  for (const file of files) {
    for (const line of (await readFile(file, 'utf8')).split(/\r?\n/)) {
      const trimmed = line.trimStart();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      entries.push(trimmed);
    }
  }
  return entries;
}

function labels(list: string[]): Record<string, string> {
  return Object.fromEntries(list.map((label) => {
    const eq = label.indexOf('=');
    return eq < 0 ? [label, ''] : [label.slice(0, eq), label.slice(eq + 1)];
  }));
}

/** Converts the flags into a CreateRequest; mount and port specs are checked here (exit status 125 when invalid). */
export async function createRequest(root: string, image: string, args: string[], flags: ContainerFlags): Promise<CreateRequest> {
  const c = await import('../../container/index.js');
  const { BerthError } = await import('../../core/index.js');
  const bad = (what: string) => new BerthError('INVALID_FLAG', what, { exitCode: 125 });
  if (flags.pull !== undefined && !['missing', 'never', 'always'].includes(flags.pull)) throw bad(`invalid pull option: '${flags.pull}': must be one of "always", "missing" or "never"`);
  // berth run uses the local store only: "missing" and "never" mean the same until it can pull.
  if (flags.pull === 'always') throw bad('--pull always is not supported: berth run does not pull; load, import or build the image and use --pull missing or never');
  const mounts = [
    ...(await Promise.all((flags.volume ?? []).map((spec) => c.parseVolumeFlag(root, spec)))),
    ...(await Promise.all((flags.mount ?? []).map((spec) => c.parseMountFlag(root, spec)))),
    ...(flags.tmpfs ?? []).map((spec) => c.parseTmpfsFlag(spec)),
  ];
  const [policy, count = '0'] = (flags.restart ?? 'no').split(':');
  if (!['no', 'always', 'on-failure', 'unless-stopped'].includes(policy) || !/^\d+$/.test(count)) throw bad(`invalid restart policy ${flags.restart}`);
  if (flags.rm && policy !== 'no') throw bad('Conflicting options: --restart and --rm');
  const number = (text: string | undefined, what: string): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value)) throw bad(`invalid argument "${text}" for ${what}`);
    return value;
  };
  const pids = number(flags.pidsLimit, '--pids-limit');
  return {
    ...c.defaultRequest(image),
    args,
    platform: flags.platform,
    name: flags.name,
    entrypoint: flags.entrypoint,
    env: [...(await envFiles(flags.envFile ?? [])), ...(flags.env ?? [])].map(envEntry).filter((e): e is string => e !== undefined),
    workdir: flags.workdir,
    user: flags.user,
    hostname: flags.hostname,
    tty: flags.tty ?? false,
    interactive: flags.interactive ?? false,
    labels: labels(flags.label ?? []),
    stopSignal: flags.stopSignal,
    stopTimeout: number(flags.stopTimeout, '--stop-timeout'),
    network: flags.network ?? flags.net,
    ports: (flags.publish ?? []).flatMap((spec) => c.parsePublish(spec)),
    publishAll: flags.publishAll ?? false,
    expose: (flags.expose ?? []).flatMap((spec) => c.parseExpose(spec)),
    mounts: mounts.map((m) => m.mount),
    volumes: mounts.flatMap((m) => (m.volume ? [m.volume] : [])),
    readOnly: flags.readOnly ?? false,
    autoRemove: flags.rm ?? false,
    restart: { name: policy as CreateRequest['restart']['name'], maximumRetryCount: Number(count) },
    init: flags.init ?? false,
    resources: {
      memory: flags.memory === undefined ? undefined : c.parseSize(flags.memory),
      cpus: number(flags.cpus, '--cpus'),
      pidsLimit: pids === undefined || pids <= 0 ? undefined : pids,
    },
    extraHosts: (flags.addHost ?? []).map((entry) => {
      const colon = entry.indexOf(':');
      if (colon < 0) throw bad(`invalid argument "${entry}" for "--add-host" flag: bad format for add-host: "${entry}"`);
      return { host: entry.slice(0, colon), ip: entry.slice(colon + 1) };
    }),
  };
}
