import type { Command } from 'commander';
import { commandGroup, globalOptions } from '../program.js';

/** `berth import FILE|URL|- [REPOSITORY[:TAG]]`: a rootfs tarball as a one-layer image. Prints `sha256:<id>`. */
export function register(program: Command): void {
  define(program.command('import'));
  define(commandGroup(program, 'image').command('import'));
}

function define(command: Command): void {
  command
    .description('Import the contents from a tarball to create a filesystem image')
    .usage('[OPTIONS] file|URL|- [REPOSITORY[:TAG]]')
    .option('-c, --change <instruction>', 'Apply Dockerfile instruction to the created image', (value: string, all: string[]) => [...all, value], [] as string[])
    .option('-m, --message <string>', 'Set commit message for imported image')
    .option('--platform <string>', 'Set platform if server is multi-platform capable')
    .argument('<source>')
    .argument('[repository]')
    .action(async (source: string, repository: string | undefined, options: { change: string[]; message?: string; platform?: string }, cmd: Command) => {
      const { openStore } = await import('../../store/index.js');
      const { importRootfs, openImportSource } = await import('../../archive/index.js');
      const store = await openStore({ root: globalOptions(cmd).root });
      const { stream, sourceName } = await openImportSource(source);
      const { id } = await importRootfs(store, {
        source: stream, sourceName, reference: repository, changes: options.change, message: options.message, platform: options.platform,
      });
      process.stdout.write(`${id}\n`);
    });
}
