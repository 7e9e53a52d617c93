import type { Command } from 'commander';
import { commandGroup, globalOptions } from '../program.js';

/** `berth save [-o FILE] IMAGE…`: docker 25's archive (docker-archive + OCI layout) to a file or stdout. */
export function register(program: Command): void {
  define(program.command('save'));
  define(commandGroup(program, 'image').command('save'));
}

function define(command: Command): void {
  command
    .description('Save one or more images to a tar archive (streamed to STDOUT by default)')
    .usage('[OPTIONS] IMAGE [IMAGE...]')
    .option('-o, --output <file>', 'Write to a file, instead of STDOUT')
    .option('--platform <platform>', 'Save only the given platform variant (os[/arch[/variant]])')
    .argument('<image...>')
    .action(async (images: string[], options: { output?: string; platform?: string }, cmd: Command) => {
      const { BerthError } = await import('../../core/index.js');
      if (options.output === undefined && process.stdout.isTTY) {
        throw new BerthError('SAVE_TO_TERMINAL', 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
      }
      const { openStore } = await import('../../store/index.js');
      const { saveImages, saveImagesToFile } = await import('../../archive/index.js');
      const store = await openStore({ root: globalOptions(cmd).root });
      if (options.output === undefined) await saveImages(store, images, process.stdout, { platform: options.platform });
      else await saveImagesToFile(store, images, options.output, { platform: options.platform });
    });
}
