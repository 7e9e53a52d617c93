import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

interface PullFlags {
  allTags?: boolean;
  allPlatforms?: boolean;
  platform?: string;
  quiet?: boolean;
}

/** `berth pull` and `berth image pull`: docker's flags; progress on stderr, the pulled reference on stdout. */
export function register(program: Command): void {
  define(program.command('pull'));
  define(commandGroup(program, 'image').command('pull'));
}

function define(command: Command): void {
  command
    .description('Download an image from a registry')
    .usage('[OPTIONS] NAME[:TAG|@DIGEST]')
    .argument('<name>')
    .option('-a, --all-tags', 'Download all tagged images in the repository')
    .option('--platform <platform>', 'Set platform if server is multi-platform capable')
    .option('--all-platforms', 'Pull every platform of a multi-platform image (berth extension)')
    .option('-q, --quiet', 'Suppress verbose output')
    .option('--disable-content-trust', 'Skip image verification (always on: berth has no content trust)')
    .action(async (name: string, flags: PullFlags, cmd: Command) => {
      const { pull, pullAllTags, DockerProgressRenderer } = await import('../../distribution/client/index.js');
      const { formatReference, parseNormalizedReference } = await import('../../core/index.js');
      const store = await openCliStore(cmd);
      const renderer = flags.quiet ? undefined : new DockerProgressRenderer(process.stderr, process.stderr.isTTY === true);
      // Ctrl-C aborts the transfers, so the store's temp files are removed before exiting.
      const controller = new AbortController();
      const onSignal = () => controller.abort(new Error('pull interrupted'));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const options = { platform: flags.platform, allPlatforms: flags.allPlatforms, progress: renderer?.sink, signal: controller.signal };
      try {
        if (flags.allTags) {
          await pullAllTags(store, name, options);
          const repository = parseNormalizedReference(name);
          process.stdout.write(`${formatReference({ domain: repository.domain, path: repository.path })}\n`);
          return;
        }
        const result = await pull(store, name, options);
        process.stdout.write(`${result.name}\n`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
