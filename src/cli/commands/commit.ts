import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `berth commit [-m MSG] [-a AUTHOR] [-c CHANGE] CONTAINER [REPOSITORY[:TAG]]`: prints the new image ID. */
export function register(program: Command): void {
  registerContainerCommand(program, 'commit', (cmd) =>
    cmd
      .description("Create a new image from a container's changes")
      .argument('<container>')
      .argument('[repository]')
      .option('-m, --message <message>', 'Commit message')
      .option('-a, --author <author>', 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")')
      .option('-c, --change <instruction>', 'Apply Dockerfile instruction to the created image', collect)
      .option('-p, --pause', 'Pause container during commit (accepted; berth does not pause)', true)
      .action(async (name: string, reference: string | undefined, flags: { message?: string; author?: string; change?: string[] }, command: Command) => {
        const { openContainers } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { store, containers } = await openContainers(command);
        const id = await c.commitContainer(store, await c.findContainer(containers, name), { reference, message: flags.message, author: flags.author, changes: flags.change });
        process.stdout.write(`${id}\n`);
      }),
  );
}
