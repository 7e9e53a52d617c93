import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

function define(cmd: Command): void {
  cmd
    .description('Display detailed information on one or more images')
    .argument('<names...>')
    .option('-f, --format <format>', 'format output using a custom template or json')
    .option('--platform <platform>', 'inspect this platform of a multi-platform image')
    .action(async (names: string[], options, command: Command) => {
      const { inspectImage } = await import('../images/view.js');
      const { formatInspect } = await import('../format/index.js');
      const { reportError } = await import('../report-error.js');
      const store = await openCliStore(command);
      const items: unknown[] = [];
      for (const name of names) {
        try {
          items.push(await inspectImage(store, await store.findImage(name, { platform: options.platform })));
        } catch (err) {
          process.exitCode = reportError(err);
        }
      }
      if (items.length === 0 && options.format !== undefined) return;
      const { output, errors } = formatInspect(options.format, items, { kind: 'image' });
      process.stdout.write(output);
      if (errors.length > 0) {
        process.stderr.write(`${errors.join('\n')}\n`);
        process.exitCode = 1;
      }
    });
}

/** `berth inspect` and `berth image inspect`. */
export function register(program: Command): void {
  define(program.command('inspect'));
  define(commandGroup(program, 'image').command('inspect'));
}
