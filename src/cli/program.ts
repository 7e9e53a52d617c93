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
