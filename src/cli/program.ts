import { Command } from 'commander';

/** Global options shared by every command (read them with `globalOptions(cmd)`). */
export interface GlobalOptions {
  root?: string;
  debug?: boolean;
}

/** The root commander program with berth's global flags. Commands add themselves through `register`. */
export function createProgram(): Command {
  const program = new Command('berth')
    .description('A daemonless, Docker-compatible container image toolchain')
    .option('--root <dir>', 'store root (default: $BERTH_ROOT, /var/lib/berth as root, else $XDG_DATA_HOME/berth)')
    .option('-D, --debug', 'print stack traces of errors')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  program.hook('preAction', (cmd) => {
    if (cmd.opts<GlobalOptions>().debug) process.env.BERTH_DEBUG = '1';
  });
  return program;
}

/** The global options as seen from any (sub)command. */
export function globalOptions(cmd: Command): GlobalOptions {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  return root.opts<GlobalOptions>();
}

const GROUP_DESCRIPTIONS: Record<string, string> = {
  image: 'Manage images',
  system: 'Manage berth',
  container: 'Manage containers',
  builder: 'Manage builds',
  manifest: 'Manage manifest lists and image indexes',
  registry: 'Run and maintain a registry',
};

/** The command group `name` (`image`, `system`…) of the program, created on first use by any module. */
export function commandGroup(program: Command, name: string): Command {
  const existing = program.commands.find((cmd) => cmd.name() === name);
  return existing ?? program.command(name).description(GROUP_DESCRIPTIONS[name] ?? name);
}
