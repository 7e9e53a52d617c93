import type { Command } from 'commander';
import { addContainerFlags, type ContainerFlags } from './container-flags.js';
import { registerContainerCommand } from './container-cli.js';

/** `berth create` / `berth container create`: create a container without starting it; prints its ID. */
export function register(program: Command): void {
  registerContainerCommand(
    program,
    'create',
    (cmd) =>
      addContainerFlags(cmd.description('Create a new container')).action(async (image: string, args: string[], flags: ContainerFlags, command: Command) => {
        const { openContainers } = await import('./container-cli.js');
        const { createRequest } = await import('./container-flags.js');
        const { createContainer } = await import('../../container/index.js');
        const { store, containers } = await openContainers(command);
        const container = await createContainer(store, containers, await createRequest(store.root, image, args, flags));
        process.stdout.write(`${container.record.id}\n`);
      }),
    { positional: true },
  );
}
