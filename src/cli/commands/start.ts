import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

interface StartFlags {
  attach?: boolean;
  interactive?: boolean;
}

/** `berth start [-a] [-i] CONTAINER...`: starts stopped containers (attached: in the foreground, one at a time). */
export function register(program: Command): void {
  registerContainerCommand(program, 'start', (cmd) =>
    cmd
      .description('Start one or more stopped containers')
      .argument('<containers...>')
      .option('-a, --attach', "Attach STDOUT/STDERR and forward signals")
      .option('-i, --interactive', "Attach container's STDIN")
      .action(async (names: string[], flags: StartFlags, command: Command) => {
        const { openContainers, forEachContainer } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { store, containers } = await openContainers(command);
        await forEachContainer(names, async (name) => {
          const container = await c.findContainer(containers, name);
          if (c.isActive(container)) {
            if (!flags.attach) process.stdout.write(`${name}\n`);
            return;
          }
          if (flags.attach || flags.interactive) {
            process.exitCode = await c.runAttached(containers, container, { stdin: flags.interactive ?? false });
            if (container.record.host.autoRemove) await c.removeContainer(store, containers, container, { force: true, volumes: true });
            return;
          }
          await c.startDetached(containers, container);
          process.stdout.write(`${name}\n`);
        });
      }),
  );
}
