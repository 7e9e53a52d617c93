import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import type { PsOptions } from './container-rows.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `berth ps` / `berth container ls|list|ps`: docker's container listing. */
export function register(program: Command): void {
  const define = (cmd: Command) =>
    cmd
      .description('List containers')
      .option('-a, --all', 'Show all containers (default shows just running)')
      .option('-q, --quiet', 'Only display container IDs')
      .option('--no-trunc', "Don't truncate output")
      .option('-f, --filter <filter>', 'Filter output based on conditions provided', collect)
      .option('--format <format>', 'Format output using a custom template')
      .option('-n, --last <n>', 'Show n last created containers (includes all states)')
      .option('-l, --latest', 'Show the latest created container (includes all states)')
      .option('-s, --size', 'Display total file sizes')
      .action(async (options: PsOptions, command: Command) => {
        const { openContainers } = await import('./container-cli.js');
        const { listContainers } = await import('../../container/index.js');
        const { psOutput } = await import('./container-rows.js');
        const { containers } = await openContainers(command);
        process.stdout.write(psOutput(await listContainers(containers), options));
      });
  define(program.command('ps'));
  define(commandGroup(program, 'container').command('ls').alias('list').alias('ps'));
}
