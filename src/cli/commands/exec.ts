import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface ExecFlags {
  interactive?: boolean;
  tty?: boolean;
  env?: string[];
  envFile?: string[];
  user?: string;
  workdir?: string;
  detach?: boolean;
}

/** `berth exec [-i] [-t] [-e K=V] [-u USER] [-w DIR] [-d] CONTAINER COMMAND [ARG...]`. */
export function register(program: Command): void {
  registerContainerCommand(
    program,
    'exec',
    (cmd) =>
      cmd
        .description('Execute a command in a running container')
        .usage('[OPTIONS] CONTAINER COMMAND [ARG...]')
        .argument('<container>')
        .argument('<command...>')
        .passThroughOptions()
        .option('-i, --interactive', 'Keep STDIN open even if not attached')
        .option('-t, --tty', 'Allocate a pseudo-TTY')
        .option('-e, --env <KEY=VALUE>', 'Set environment variables', collect)
        .option('--env-file <file>', 'Read in a file of environment variables', collect)
        .option('-u, --user <user>', 'Username or UID (format: "<name|uid>[:<group|gid>]")')
        .option('-w, --workdir <dir>', 'Working directory inside the container')
        .option('-d, --detach', 'Detached mode: run command in the background')
        .action(async (name: string, args: string[], flags: ExecFlags, command: Command) => {
          const { openContainers } = await import('./container-cli.js');
          const { createRequest } = await import('./container-flags.js');
          const c = await import('../../container/index.js');
          const { containers } = await openContainers(command);
          const container = await c.findContainer(containers, name);
          // The env flags mean what they mean for run: reuse their parsing.
          const { env } = await createRequest(containers.root, '', [], { env: flags.env, envFile: flags.envFile });
          process.exitCode = await c.execInContainer(containers, container, {
            args, env, user: flags.user, workdir: flags.workdir, tty: flags.tty ?? false, interactive: flags.interactive ?? false, detach: flags.detach ?? false,
          });
        }),
    { positional: true },
  );
}
