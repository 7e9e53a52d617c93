import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

/**
 * `berth manifest push [--purge] LIST`: pushes a local list — every listed image first, then the
 * index — and prints the list's digest; `--purge` removes the local list afterwards.
 */
export function register(program: Command): void {
  commandGroup(program, 'manifest')
    .command('push')
    .description('Push a manifest list to a repository')
    .usage('[OPTIONS] MANIFEST_LIST')
    .option('--insecure', 'Allow push to an insecure registry')
    .option('-p, --purge', 'Remove the local manifest list after push')
    .argument('<list>')
    .action(async (list: string, flags: { insecure?: boolean; purge?: boolean }, command: Command) => {
      const { findManifestList, removeManifestList } = await import('../../platform/index.js');
      const { push, loadSettings, DockerProgressRenderer } = await import('../../distribution/client/index.js');
      const store = await openCliStore(command);
      const record = await findManifestList(store, list);
      const settings = await loadSettings();
      if (flags.insecure) settings['insecure-registries'] = [...(settings['insecure-registries'] ?? []), record.name!.split('/')[0]];
      const renderer = new DockerProgressRenderer(process.stderr, process.stderr.isTTY === true);
      const [result] = await push(store, record.name!, { settings, progress: renderer.sink });
      process.stdout.write(`${result.digest}\n`);
      if (flags.purge) await removeManifestList(store, list);
    });
}
