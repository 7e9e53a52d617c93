import type { Command } from 'commander';
import { commandGroup } from '../program.js';

/** `berth container prune [-f] [--filter until=…|label=…]`: removes every stopped container. */
export function registerContainerPrune(program: Command): void {
  commandGroup(program, 'container')
    .command('prune')
    .description('Remove all stopped containers')
    .option('-f, --force', 'Do not prompt for confirmation')
    .option('--filter <filter>', 'Provide filter values (e.g. "until=<timestamp>")', (value: string, previous: string[] = []) => [...previous, value])
    .action(async (flags: { force?: boolean; filter?: string[] }, command: Command) => {
      if (!flags.force) {
        const { confirm } = await import('../confirm.js');
        if (!(await confirm('WARNING! This will remove all stopped containers.'))) return;
      }
      process.stdout.write(await pruneContainers(command, flags.filter));
    });
}

/** Removes every stopped container matching `filter` (until=, label=) and returns docker's report. */
export async function pruneContainers(command: Command, filter: string[] | undefined): Promise<string> {
  const { openContainers } = await import('./container-cli.js');
  const c = await import('../../container/index.js');
  const { parseFilters, matchesLabel, parseTimeFilter } = await import('../images/filters.js');
  const { humanSizeWithPrecision } = await import('../format/index.js');
  const filters = parseFilters(filter, ['until', 'label']);
  const { store, containers } = await openContainers(command);
  const until = filters.get('until')?.[0];
  const removed: string[] = [];
  for (const container of await c.listContainers(containers)) {
    if (c.isActive(container)) continue;
    if (until !== undefined && Date.parse(container.record.created) >= parseTimeFilter(until)) continue;
    if (!(filters.get('label') ?? []).every((label) => matchesLabel(container.record.config.labels, label))) continue;
    await c.removeContainer(store, containers, container);
    removed.push(container.record.id);
  }
  const lines = removed.length > 0 ? ['Deleted Containers:', ...removed, ''] : [];
  return [...lines, `Total reclaimed space: ${humanSizeWithPrecision(0, 3)}`, ''].join('\n');
}
