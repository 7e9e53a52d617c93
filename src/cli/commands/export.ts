import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

/** `berth export [-o FILE] CONTAINER`: the container's filesystem as a tar (stdout unless -o). */
export function register(program: Command): void {
  registerContainerCommand(program, 'export', (cmd) =>
    cmd
      .description("Export a container's filesystem as a tar archive")
      .argument('<container>')
      .option('-o, --output <file>', 'Write to a file, instead of STDOUT')
      .action(async (name: string, flags: { output?: string }, command: Command) => {
        const { openContainers } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { BerthError } = await import('../../core/index.js');
        const { containers } = await openContainers(command);
        const container = await c.findContainer(containers, name);
        if (flags.output === undefined) {
          if (process.stdout.isTTY) throw new BerthError('EXPORT_TTY', 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
          await c.exportContainer(container, process.stdout);
          return;
        }
        const { writeStreamAtomic } = await import('./container-output.js');
        await writeStreamAtomic(flags.output, (out) => c.exportContainer(container, out));
      }),
  );
}
