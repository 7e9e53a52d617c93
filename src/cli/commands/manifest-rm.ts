import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

/** `berth manifest rm LIST…`: deletes local manifest lists; the images they list stay. */
export function register(program: Command): void {
  commandGroup(program, 'manifest')
    .command('rm')
    .description('Delete one or more manifest lists from local storage')
    .usage('MANIFEST_LIST [MANIFEST_LIST...]')
    .argument('<lists...>')
    .action(async (lists: string[], _options, command: Command) => {
      const { removeManifestList } = await import('../../platform/index.js');
      const { reportError } = await import('../report-error.js');
      const store = await openCliStore(command);
      for (const list of lists) {
        try {
          await removeManifestList(store, list);
        } catch (err) {
          process.exitCode = reportError(err);
        }
      }
    });
}
