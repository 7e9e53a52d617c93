import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

/** `berth stop [-t SECONDS] CONTAINER...`: the stop signal, then SIGKILL after the timeout. */
export function register(program: Command): void {
  registerContainerCommand(program, 'stop', (cmd) =>
    cmd
      .description('Stop one or more running containers')
      .argument('<containers...>')
      .option('-t, --time <seconds>', 'Seconds to wait for stop before killing it')
      .action(async (names: string[], flags: { time?: string }, command: Command) => {
        const { openContainers, forEachContainer } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { containers } = await openContainers(command);
        await forEachContainer(names, async (name) => {
          await c.stopContainer(containers, await c.findContainer(containers, name), flags.time === undefined ? undefined : Number(flags.time));
          process.stdout.write(`${name}\n`);
        });
      }),
  );
}
