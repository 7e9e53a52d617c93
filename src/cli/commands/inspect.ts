import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

function define(cmd: Command): void {
  cmd
    .description('Display detailed information on one or more images')
    .argument('<names...>')
    .option('-f, --format <format>', 'format output using a custom template or json')
    .option('--platform <platform>', 'inspect this platform of a multi-platform image')
    .option('--type <type>', 'Return JSON for specified type (container, image)')
    .option('-s, --size', 'Display total file sizes if the type is container')
    .action(async (names: string[], options, command: Command) => {
      const { inspectImage } = await import('../images/view.js');
      const { formatInspect } = await import('../format/index.js');
      const { reportError } = await import('../report-error.js');
      const { findContainerOrUndefined, inspectContainer } = await import('./container-inspect.js');
      const store = await openCliStore(command);
      const items: unknown[] = [];
      let containers = 0;
      for (const name of names) {
        try {
          // Like docker: a container of that name or ID first (unless --type image), then an image.
          const container = options.type === 'image' ? undefined : await findContainerOrUndefined(store.root, name, options.type === 'container');
          if (container) containers++;
          items.push(container ? await inspectContainer(container.containers, container.container) : await inspectImage(store, await store.findImage(name, { platform: options.platform })));
        } catch (err) {
          process.exitCode = reportError(err);
        }
      }
      if (items.length === 0 && options.format !== undefined) return;
      const { output, errors } = formatInspect(options.format, items, containers > 0 ? {} : { kind: 'image' });
      process.stdout.write(output);
      if (errors.length > 0) {
        process.stderr.write(`${errors.join('\n')}\n`);
        process.exitCode = 1;
      }
    });
}

/** `berth inspect`, `berth image inspect` and `berth container inspect`. */
export function register(program: Command): void {
  define(program.command('inspect'));
  define(commandGroup(program, 'image').command('inspect'));
  define(commandGroup(program, 'container').command('inspect'));
}
