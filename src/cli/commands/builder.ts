import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';
import { collect } from '../images/filters.js';

/** `berth builder prune`: removes build cache (docker's flags: -a, --filter until=…, -f). */
export function register(program: Command): void {
  commandGroup(program, 'builder')
    .command('prune')
    .description('Remove build cache')
    .option('-a, --all', 'Remove all unused build cache, not just dangling ones')
    .option('--filter <filter>', 'Provide filter values (e.g. "until=24h")', collect)
    .option('-f, --force', 'Do not prompt for confirmation')
    .action(async (options: { all?: boolean; filter?: string[] }, cmd: Command) => {
      const { confirm } = await import('../confirm.js');
      const warning = options.all ? 'WARNING! This will remove all build cache.' : 'WARNING! This will remove all dangling build cache.';
      if (!(options as { force?: boolean }).force && !(await confirm(warning))) return;
      const { pruneBuildCacheReport } = await import('../images/prune.js');
      process.stdout.write(await pruneBuildCacheReport(await openCliStore(cmd), options));
    });
}
