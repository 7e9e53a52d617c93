import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

/** `berth wait CONTAINER...`: blocks until each stops, then prints its exit status. */
export function register(program: Command): void {
  registerContainerCommand(program, 'wait', (cmd) =>
    cmd
      .description('Block until one or more containers stop, then print their exit codes')
      .argument('<containers...>')
      .action(async (names: string[], _flags: object, command: Command) => {
        const { openContainers, forEachContainer } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { containers } = await openContainers(command);
        await forEachContainer(names, async (name) => {
          const container = await c.findContainer(containers, name);
          await c.waitInactive(containers, container.record.id);
          const after = await containers.read(container.record.id);
          process.stdout.write(`${after?.state.exitCode ?? container.state.exitCode}\n`);
        });
      }),
  );
}
