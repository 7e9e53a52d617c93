import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

/** `berth rename CONTAINER NEW_NAME`. */
export function register(program: Command): void {
  registerContainerCommand(program, 'rename', (cmd) =>
    cmd
      .description('Rename a container')
      .argument('<container>')
      .argument('<new-name>')
      .action(async (name: string, newName: string, _flags: object, command: Command) => {
        const { openContainers } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { containers } = await openContainers(command);
        await containers.rename((await c.findContainer(containers, name)).record.id, newName);
      }),
  );
}
