import type { Command } from 'commander';
import { addContainerFlags, type ContainerFlags } from './container-flags.js';
import { registerContainerCommand } from './container-cli.js';

/** Flags of `run` beyond the create flags. */
interface RunFlags extends ContainerFlags {
  detach?: boolean;
}

async function run(image: string, args: string[], flags: RunFlags, cmd: Command): Promise<void> {
  const { openContainers } = await import('./container-cli.js');
  const { createRequest } = await import('./container-flags.js');
  const c = await import('../../container/index.js');
  const { store, containers } = await openContainers(cmd);
  const container = await c.createContainer(store, containers, await createRequest(store.root, image, args, flags), { keepMounted: !flags.detach });
  const removeAfter = async () => {
    if (flags.rm) await c.removeContainer(store, containers, (await containers.read(container.record.id)) ?? container, { force: true, volumes: true });
  };
  if (flags.detach) {
    try {
      await c.startDetached(containers, container);
    } catch (err) {
      await removeAfter().catch(() => undefined);
      throw err;
    }
    process.stdout.write(`${container.record.id}\n`);
    return;
  }
  try {
    process.exitCode = await c.runAttached(containers, container, { stdin: flags.interactive ?? false, removeAfter: flags.rm });
  } finally {
    await removeAfter();
  }
}

/** `berth run` / `berth container run`: create and start a container, in the foreground or detached. */
export function register(program: Command): void {
  registerContainerCommand(
    program,
    'run',
    (cmd) =>
      addContainerFlags(cmd.description('Create and run a new container from an image'))
        .option('-d, --detach', 'Run container in background and print container ID')
        .action((image: string, args: string[], flags: RunFlags, command: Command) => run(image, args, flags, command)),
    { positional: true },
  );
}
