// `ps` rows: docker's containerContext fields, from a container's record and state.
import { portsColumn, type Container } from '../../container/index.js';
import { ellipsis, formatRows, humanDuration, humanSize, timeAgo, truncateId } from '../format/index.js';
import { goTimeString } from '../images/time.js';
import { matchesLabel, parseFilters } from '../images/filters.js';

/** Options of `ps`, as commander parses them. */
export interface PsOptions {
  all?: boolean;
  quiet?: boolean;
  trunc?: boolean;
  filter?: string[];
  format?: string;
  last?: string;
  latest?: boolean;
  size?: boolean;
}

const HEADERS = {
  ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED', Ports: 'PORTS', State: 'STATE',
  Status: 'STATUS', Size: 'SIZE', Names: 'NAMES', Labels: 'LABELS', Mounts: 'MOUNTS', Networks: 'NETWORKS', LocalVolumes: 'LOCAL VOLUMES',
};

/** docker's Status column: `Up 3 minutes`, `Exited (0) 2 seconds ago`, `Created`, `Restarting (1) …`. */
export function statusText(container: Container, now = Date.now()): string {
  const { state } = container;
  switch (state.status) {
    case 'running':
      return `Up ${humanDuration(now - Date.parse(state.startedAt))}`;
    case 'restarting':
      return `Restarting (${state.exitCode}) ${timeAgo(state.finishedAt, now)}`;
    case 'exited':
      return `Exited (${state.exitCode}) ${timeAgo(state.finishedAt, now)}`;
    case 'dead':
      return 'Dead';
    default:
      return 'Created';
  }
}

function commandText(container: Container, trunc: boolean): string {
  const command = [container.record.path, ...container.record.args].join(' ');
  // Go's strconv.Quote, which JSON's string escaping matches for printable text.
  return JSON.stringify(trunc ? ellipsis(command, 20) : command);
}

function row(container: Container, trunc: boolean) {
  const { record, state } = container;
  return {
    ID: trunc ? truncateId(record.id) : record.id,
    Image: record.imageName,
    Command: commandText(container, trunc),
    CreatedAt: goTimeString(record.created),
    RunningFor: timeAgo(record.created),
    Ports: portsColumn(record.config.exposedPorts, state.network?.ports ?? []),
    State: state.status,
    Status: statusText(container),
    Size: humanSize(0),
    Names: record.name,
    Labels: Object.entries(record.config.labels).map(([k, v]) => `${k}=${v}`).join(','),
    Mounts: record.host.volumes.map((v) => (trunc ? ellipsis(v, 15) : v)).join(','),
    Networks: record.host.networkMode,
    LocalVolumes: String(record.host.volumes.length),
    Label: (key: string) => record.config.labels[key] ?? '',
  };
}

function matches(container: Container, filters: Map<string, string[]>): boolean {
  const { record, state } = container;
  const checks: [string, (value: string) => boolean][] = [
    ['id', (v) => record.id.startsWith(v)],
    ['name', (v) => new RegExp(v).test(record.name)],
    ['status', (v) => state.status === v],
    ['label', (v) => matchesLabel(record.config.labels, v)],
    ['exited', (v) => state.status === 'exited' && state.exitCode === Number(v)],
    ['ancestor', (v) => record.imageName === v || record.imageId.includes(v)],
  ];
  return checks.every(([key, check]) => (filters.get(key) ?? []).length === 0 || (filters.get(key) ?? []).some(check));
}

/** Renders `ps` for the containers (already refreshed, newest first). */
export function psOutput(containers: Container[], options: PsOptions): string {
  const filters = parseFilters(options.filter, ['id', 'name', 'status', 'label', 'exited', 'ancestor']);
  const showAll = options.all || filters.has('status') || filters.has('exited') || options.latest || options.last !== undefined;
  let selected = containers.filter((c) => (showAll || c.state.status === 'running' || c.state.status === 'restarting') && matches(c, filters));
  if (options.latest) selected = selected.slice(0, 1);
  else if (options.last !== undefined && Number(options.last) >= 0) selected = selected.slice(0, Number(options.last));
  const trunc = options.trunc !== false;
  const defaultFormat = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';
  const format = options.quiet ? '{{.ID}}' : options.format;
  return formatRows(format, selected.map((c) => row(c, trunc)), { defaultFormat, headers: HEADERS, typeName: '*formatter.ContainerContext' });
}
