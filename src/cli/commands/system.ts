import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';
import { collect } from '../images/filters.js';

/** `berth system df` and `berth system prune`. */
export function register(program: Command): void {
  const system = commandGroup(program, 'system');
  system
    .command('df')
    .description('Show berth disk usage')
    .option('--format <format>', 'format output using a custom template')
    .action(async (options, command: Command) => {
      const { imageUsage, formatUsage } = await import('../images/disk-usage.js');
      const store = await openCliStore(command);
      const { buildCacheSize } = await import('../../build/index.js');
      const cache = await buildCacheSize(store);
      const empty = (type: string) => ({ type, total: 0, active: 0, size: 0, reclaimable: 0 });
      const { openContainers } = await import('./container-cli.js');
      const c = await import('../../container/index.js');
      const all = await c.listContainers((await openContainers(command)).containers);
      const running = all.filter((container) => c.isActive(container)).length;
      const containerLine = { type: 'Containers', total: all.length, active: running, size: 0, reclaimable: 0 };
      const lines = [await imageUsage(store), containerLine, empty('Local Volumes'), { type: 'Build Cache', total: cache.records, active: 0, size: cache.bytes, reclaimable: cache.bytes }];
      process.stdout.write(formatUsage(lines, options.format));
    });
  system
    .command('prune')
    .description('Remove unused data')
    .option('-a, --all', 'remove all unused images, not just dangling ones')
    .option('--filter <filter>', "provide filter values (e.g. 'until=<timestamp>')", collect)
    .option('-f, --force', 'do not prompt for confirmation')
    .action(async (options, command: Command) => {
      const { confirm } = await import('../confirm.js');
      const images = options.all ? '  - all images without at least one container associated to them' : '  - all dangling images';
      if (!options.force && !(await confirm(`WARNING! This will remove:\n  - all stopped containers\n${images}\n  - all build cache\n`))) return;
      const { pruneImages, pruneBuildCacheReport } = await import('../images/prune.js');
      const { pruneContainers } = await import('./container-prune.js');
      process.stdout.write(await pruneContainers(command, options.filter));
      const store = await openCliStore(command);
      process.stdout.write(await pruneImages(store, options));
      process.stdout.write(await pruneBuildCacheReport(store, { all: options.all, filter: options.filter?.filter((f: string) => f.startsWith('until=')) }));
    });
}
