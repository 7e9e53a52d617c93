import type { Command } from 'commander';
import { commandGroup, globalOptions } from '../program.js';

/** `berth load [-i FILE] [-q]`: images from a docker or OCI archive (plain, gzip or zstd). */
export function register(program: Command): void {
  define(program.command('load'));
  define(commandGroup(program, 'image').command('load'));
}

function define(command: Command): void {
  command
    .description('Load an image from a tar archive or STDIN')
    .usage('[OPTIONS]')
    .option('-i, --input <file>', 'Read from tar archive file, instead of STDIN')
    .option('-q, --quiet', 'Suppress the load output')
    .option('--platform <platform>', 'Load only the given platform variant (os[/arch[/variant]])')
    .action(async (options: { input?: string; quiet?: boolean; platform?: string }, cmd: Command) => {
      const { BerthError, familiarString, parseNormalizedReference } = await import('../../core/index.js');
      if (options.input === undefined && process.stdin.isTTY) {
        throw new BerthError('LOAD_NO_INPUT', 'requested load from stdin, but stdin is empty', { hint: 'use -i FILE or redirect an archive to stdin' });
      }
      const { openStore } = await import('../../store/index.js');
      const { loadArchive, openInputFile } = await import('../../archive/index.js');
      const input = options.input === undefined ? process.stdin : await openInputFile(options.input);
      const store = await openStore({ root: globalOptions(cmd).root });
      const lines: string[] = [];
      for (const image of await loadArchive(store, input, { platform: options.platform })) {
        if (image.names.length === 0) lines.push(`Loaded image ID: ${image.id}`);
        for (const name of image.names) {
          const shown = familiarString(parseNormalizedReference(name));
          const previous = image.replaced?.[name];
          if (previous !== undefined) lines.push(`The image ${shown} already exists, renaming the old one with ID ${previous} to empty string`);
          lines.push(`Loaded image: ${shown}`);
        }
      }
      process.stdout.write(lines.map((l) => `${l}\n`).join(''));
    });
}
