import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

/** `berth restart [-t SECONDS] CONTAINER...`: stop (if running), then start in the background. */
export function register(program: Command): void {
  registerContainerCommand(program, 'restart', (cmd) =>
    cmd
      .description('Restart one or more containers')
      .argument('<containers...>')
      .option('-t, --time <seconds>', 'Seconds to wait for stop before killing the container')
      .action(async (names: string[], flags: { time?: string }, command: Command) => {
        const { openContainers, forEachContainer } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { containers } = await openContainers(command);
        await forEachContainer(names, async (name) => {
          const container = await c.findContainer(containers, name);
          await c.stopContainer(containers, container, flags.time === undefined ? undefined : Number(flags.time));
          await c.startDetached(containers, (await containers.read(container.record.id)) ?? container);
          process.stdout.write(`${name}\n`);
        });
      }),
  );
}
