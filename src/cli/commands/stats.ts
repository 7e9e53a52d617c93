import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

interface StatsFlags {
  all?: boolean;
  noStream?: boolean;
  stream?: boolean;
  noTrunc?: boolean;
  trunc?: boolean;
  format?: string;
}

const HEADERS = {
  Container: 'CONTAINER', ID: 'CONTAINER ID', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS',
};

/** `berth stats --no-stream [CONTAINER...]`: one sample of CPU, memory, PIDs, network and block I/O from the cgroups. */
export function register(program: Command): void {
  registerContainerCommand(program, 'stats', (cmd) =>
    cmd
      .description('Display a live stream of container(s) resource usage statistics')
      .argument('[containers...]')
      .option('-a, --all', 'Show all containers (default shows just running)')
      .option('--no-stream', 'Disable streaming stats and only pull the first result')
      .option('--no-trunc', 'Do not truncate output')
      .option('--format <format>', 'Format output using a custom template')
      .action(async (names: string[], flags: StatsFlags, command: Command) => {
        const { openContainers } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { formatRows, bytesSize, humanSizeWithPrecision, truncateId } = await import('../format/index.js');
        const { containers } = await openContainers(command);
        const chosen = names.length > 0 ? await Promise.all(names.map((name) => c.findContainer(containers, name))) : await c.listContainers(containers);
        const shown = chosen.filter((container) => names.length > 0 || flags.all || container.state.status === 'running');
        const size = (n: number) => humanSizeWithPrecision(n, 3);
        const render = async () => {
          const rows = await Promise.all(shown.map(async (container) => {
            const running = container.state.status === 'running';
            const pid = running ? ((await c.runcOf(containers).state(container.record.id).catch(() => undefined))?.pid ?? 0) : 0;
            const s = running ? await c.sampleStats(container.record.id, pid) : undefined;
            const id = flags.trunc === false ? container.record.id : truncateId(container.record.id);
            return {
              Container: id, ID: id, Name: container.record.name,
              CPUPerc: s ? `${s.cpuPercent.toFixed(2)}%` : '--', MemUsage: s ? `${bytesSize(s.memoryUsage)} / ${bytesSize(s.memoryLimit)}` : '-- / --',
              MemPerc: s ? `${s.memoryPercent.toFixed(2)}%` : '--', NetIO: s ? `${size(s.netRx)} / ${size(s.netTx)}` : '--',
              BlockIO: s ? `${size(s.blockRead)} / ${size(s.blockWrite)}` : '--', PIDs: s ? String(s.pids) : '--',
            };
          }));
          const defaultFormat = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';
          return formatRows(flags.format, rows, { defaultFormat, headers: HEADERS, typeName: '*formatter.statsContext' });
        };
        if (flags.stream === false) {
          process.stdout.write(await render());
          return;
        }
        for (;;) process.stdout.write(`\x1b[2J\x1b[H${await render()}`);
      }),
  );
}
