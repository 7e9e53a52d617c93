import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

function define(cmd: Command): void {
  cmd
    .description('Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE')
    .argument('<source>', 'SOURCE_IMAGE[:TAG]')
    .argument('<target>', 'TARGET_IMAGE[:TAG]')
    .action(async (source: string, target: string, _options, command: Command) => {
      const { formatReference, normalizeReference, BerthError } = await import('../../core/index.js');
      const ref = normalizeReference(target);
      if (ref.digest !== undefined) throw new BerthError('REFERENCE_INVALID', `refusing to create a tag with a digest reference: ${target}`);
      const store = await openCliStore(command);
      const image = await store.findImage(source);
      await store.images.tag(formatReference(ref), image.target);
    });
}

/** `berth tag` and `berth image tag`. */
export function register(program: Command): void {
  define(program.command('tag'));
  define(commandGroup(program, 'image').command('tag'));
}
