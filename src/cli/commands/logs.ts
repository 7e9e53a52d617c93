import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

interface LogsFlags {
  follow?: boolean;
  tail?: string;
  timestamps?: boolean;
  since?: string;
  until?: string;
}

/** `berth logs [-f] [--tail N] [-t] [--since T] CONTAINER`: the container's json-file log. */
export function register(program: Command): void {
  registerContainerCommand(program, 'logs', (cmd) =>
    cmd
      .description('Fetch the logs of a container')
      .argument('<container>')
      .option('-f, --follow', 'Follow log output')
      .option('-n, --tail <n>', 'Number of lines to show from the end of the logs', 'all')
      .option('-t, --timestamps', 'Show timestamps')
      .option('--since <time>', 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)')
      .option('--until <time>', 'Show logs before a timestamp or relative')
      .action(async (name: string, flags: LogsFlags, command: Command) => {
        const { openContainers } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { parseTimeFilter } = await import('../images/filters.js');
        const { containers } = await openContainers(command);
        const container = await c.findContainer(containers, name);
        const id = container.record.id;
        const entries = c.readLog(containers.logPath(id), {
          tail: flags.tail === undefined || flags.tail === 'all' ? undefined : Number(flags.tail),
          sinceMs: flags.since === undefined ? undefined : parseTimeFilter(flags.since),
          untilMs: flags.until === undefined ? undefined : parseTimeFilter(flags.until),
          follow: flags.follow,
          active: async () => {
            const current = await containers.read(id);
            const now = current === undefined ? undefined : await c.refresh(containers, current);
            return now !== undefined && c.isActive(now);
          },
        });
        for await (const entry of entries) {
          const out = entry.stream === 'stderr' ? process.stderr : process.stdout;
          out.write(flags.timestamps ? `${entry.time} ${entry.log}` : entry.log);
        }
      }),
  );
}
