import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

/** `berth manifest annotate LIST IMAGE --os --arch --variant …`: sets the platform of one entry of a local list. */
export function register(program: Command): void {
  commandGroup(program, 'manifest')
    .command('annotate')
    .description('Add additional information to a local image manifest')
    .usage('[OPTIONS] MANIFEST_LIST MANIFEST')
    .option('--arch <string>', 'Set architecture')
    .option('--os <string>', 'Set operating system')
    .option('--os-features <strings>', 'Set operating system feature', (value: string) => value.split(','))
    .option('--os-version <string>', 'Set operating system version')
    .option('--variant <string>', 'Set architecture variant')
    .argument('<list>')
    .argument('<image>')
    .action(async (list: string, image: string, options: { arch?: string; os?: string; osFeatures?: string[]; osVersion?: string; variant?: string }, command: Command) => {
      const { annotateManifestList } = await import('../../platform/index.js');
      await annotateManifestList(await openCliStore(command), list, image, options);
    });
}
