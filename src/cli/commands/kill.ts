import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

/** `berth kill [-s SIGNAL] CONTAINER...`. */
export function register(program: Command): void {
  registerContainerCommand(program, 'kill', (cmd) =>
    cmd
      .description('Kill one or more running containers')
      .argument('<containers...>')
      .option('-s, --signal <signal>', 'Signal to send to the container', 'KILL')
      .action(async (names: string[], flags: { signal: string }, command: Command) => {
        const { openContainers, forEachContainer } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { containers } = await openContainers(command);
        await forEachContainer(names, async (name) => {
          await c.killContainer(containers, await c.findContainer(containers, name), flags.signal);
          process.stdout.write(`${name}\n`);
        });
      }),
  );
}
