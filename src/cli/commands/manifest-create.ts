import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

/** `berth manifest create [--amend] LIST IMAGE…`: a local manifest list (an index in the store under LIST). */
export function register(program: Command): void {
  commandGroup(program, 'manifest')
    .command('create')
    .description('Create a local manifest list for annotating and pushing to a registry')
    .usage('[OPTIONS] MANIFEST_LIST MANIFEST [MANIFEST...]')
    .option('-a, --amend', 'Amend an existing manifest list')
    .option('--insecure', 'Allow communication with an insecure registry')
    .argument('<list>')
    .argument('<images...>')
    .action(async (list: string, images: string[], options: { amend?: boolean }, command: Command) => {
      const { createManifestList } = await import('../../platform/index.js');
      const { name } = await createManifestList(await openCliStore(command), list, images, { amend: options.amend });
      process.stdout.write(`Created manifest list ${name}\n`);
    });
}
