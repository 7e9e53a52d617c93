import type { Command } from 'commander';
import { commandGroup } from '../program.js';

/**
 * `berth manifest inspect`: the remote index or manifest of a reference. Other `manifest`
 * subcommands live in their own modules (manifest-create, manifest-annotate, manifest-rm…),
 * each adding itself to the same group through commandGroup.
 */
export function register(program: Command): void {
  commandGroup(program, 'manifest')
    .command('inspect')
    .description('Display an image manifest, or manifest list')
    .usage('[OPTIONS] MANIFEST')
    .argument('<name>')
    .option('--insecure', 'Allow communication with an insecure registry')
    .option('-v, --verbose', 'Output additional info including layers and platform')
    .action(async (name: string, flags: { verbose?: boolean; insecure?: boolean }) => {
      const { inspectRemote, loadSettings } = await import('../../distribution/client/index.js');
      const settings = await loadSettings();
      if (flags.insecure) settings['insecure-registries'] = [...(settings['insecure-registries'] ?? []), name.split('/')[0]];
      const document = await inspectRemote(name, { verbose: flags.verbose, settings });
      process.stdout.write(`${JSON.stringify(document, null, '\t')}\n`);
    });
}
