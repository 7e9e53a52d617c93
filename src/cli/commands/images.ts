import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';
import { collect } from '../images/filters.js';

function defineList(cmd: Command): void {
  cmd
    .description('List images')
    .argument('[repository]', 'REPOSITORY[:TAG] to show')
    .option('-a, --all', 'show all images (default hides intermediate images)')
    .option('--digests', 'show digests')
    .option('-f, --filter <filter>', 'filter output based on conditions provided', collect)
    .option('--format <format>', "format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template")
    .option('--no-trunc', "don't truncate output")
    .option('-q, --quiet', 'only show image IDs')
    .action(async (repository: string | undefined, options, command: Command) => {
      const { listImages } = await import('../images/list.js');
      process.stdout.write(await listImages(await openCliStore(command), repository, options));
    });
}

function definePrune(cmd: Command): void {
  cmd
    .description('Remove unused images')
    .option('-a, --all', 'remove all unused images, not just dangling ones')
    .option('--filter <filter>', "provide filter values (e.g. 'until=<timestamp>')", collect)
    .option('-f, --force', 'do not prompt for confirmation')
    .action(async (options, command: Command) => {
      const { confirm } = await import('../confirm.js');
      const warning = options.all
        ? 'WARNING! This will remove all images without at least one container associated to them.'
        : 'WARNING! This will remove all dangling images.';
      if (!options.force && !(await confirm(warning))) return;
      const { pruneImages } = await import('../images/prune.js');
      process.stdout.write(await pruneImages(await openCliStore(command), options));
    });
}

/** `berth images` alone (the one-file bundle of images-cli.ts registers just this). */
export function registerImages(program: Command): void {
  defineList(program.command('images'));
}

/** `berth images`, `berth image ls` and `berth image prune`. */
export function register(program: Command): void {
  registerImages(program);
  const group = commandGroup(program, 'image');
  defineList(group.command('ls').alias('list'));
  definePrune(group.command('prune'));
}
