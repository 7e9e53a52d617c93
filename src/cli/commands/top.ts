import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

/** `berth top CONTAINER [ps OPTIONS]`: the container's processes as ps shows them (default `-ef`). */
export function register(program: Command): void {
  registerContainerCommand(
    program,
    'top',
    (cmd) =>
      cmd
        .description('Display the running processes of a container')
        .usage('CONTAINER [ps OPTIONS]')
        .argument('<container>')
        .argument('[ps-options...]')
        .passThroughOptions()
        .allowUnknownOption()
        .action(async (name: string, psArgs: string[], _flags: object, command: Command) => {
          const { openContainers } = await import('./container-cli.js');
          const c = await import('../../container/index.js');
          const { containers } = await openContainers(command);
          const container = await c.findContainer(containers, name);
          if (container.state.status !== 'running') throw c.notRunning(container);
          process.stdout.write(await c.runcOf(containers).ps(container.record.id, psArgs.length > 0 ? psArgs : ['-ef']));
        }),
    { positional: true },
  );
}
