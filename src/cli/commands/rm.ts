import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';
import { registerContainerPrune } from './container-prune.js';

/** `berth rm [-f] [-v] CONTAINER...` (also `container rm`), and `container prune`. */
export function register(program: Command): void {
  registerContainerCommand(
    program,
    'rm',
    (cmd) =>
      cmd
        .description('Remove one or more containers')
        .argument('<containers...>')
        .option('-f, --force', 'Force the removal of a running container (uses SIGKILL)')
        .option('-v, --volumes', 'Remove anonymous volumes associated with the container')
        .action(async (names: string[], flags: { force?: boolean; volumes?: boolean }, command: Command) => {
          const { openContainers, forEachContainer } = await import('./container-cli.js');
          const c = await import('../../container/index.js');
          const { store, containers } = await openContainers(command);
          await forEachContainer(names, async (name) => {
            await c.removeContainer(store, containers, await c.findContainer(containers, name), flags);
            process.stdout.write(`${name}\n`);
          });
        }),
  );
  registerContainerPrune(program);
}
