import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

/** `berth diff CONTAINER`: the container's changes against its image (A added, C changed, D deleted). */
export function register(program: Command): void {
  registerContainerCommand(program, 'diff', (cmd) =>
    cmd
      .description("Inspect changes to files or directories on a container's filesystem")
      .argument('<container>')
      .action(async (name: string, _flags: object, command: Command) => {
        const { openContainers } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { containers } = await openContainers(command);
        const changes = await c.containerChanges(await c.findContainer(containers, name));
        process.stdout.write(changes.map((change) => `${change.kind} ${change.path}\n`).join(''));
      }),
  );
}
