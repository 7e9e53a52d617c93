import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

function define(cmd: Command): void {
  cmd
    .description('Remove one or more images')
    .argument('<images...>')
    .option('-f, --force', 'force removal of the image')
    .option('--no-prune', 'do not delete untagged parents')
    .action(async (images: string[], options, command: Command) => {
      const { removeImage } = await import('../images/remove.js');
      const { reportError } = await import('../report-error.js');
      const store = await openCliStore(command);
      for (const image of images) {
        try {
          process.stdout.write((await removeImage(store, image, options)).map((line) => `${line}\n`).join(''));
        } catch (err) {
          process.exitCode = reportError(err);
        }
      }
    });
}

/** `berth rmi` and `berth image rm`. */
export function register(program: Command): void {
  define(program.command('rmi'));
  define(commandGroup(program, 'image').command('rm').alias('remove'));
}
