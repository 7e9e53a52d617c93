import type { Command } from 'commander';
import { parseBoolFlag } from '../flags.js';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

function define(cmd: Command): void {
  cmd
    .description('Show the history of an image')
    .argument('<image>')
    .option('--format <format>', "format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template")
    .option('-H, --human [bool]', 'print sizes and dates in human readable format', parseBoolFlag, true)
    .option('--no-trunc', "don't truncate output")
    .option('-q, --quiet', 'only show image IDs')
    .action(async (image: string, options, command: Command) => {
      const { imageHistory } = await import('../images/history.js');
      process.stdout.write(await imageHistory(await openCliStore(command), image, options));
    });
}

/** `berth history` and `berth image history`. */
export function register(program: Command): void {
  define(program.command('history'));
  define(commandGroup(program, 'image').command('history'));
}
