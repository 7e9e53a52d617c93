import type { Command } from 'commander';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

interface PushFlags {
  allTags?: boolean;
  quiet?: boolean;
}

/** `berth push` and `berth image push`: progress on stderr, `TAG: digest: … size: N` on stdout. */
export function register(program: Command): void {
  define(program.command('push'));
  define(commandGroup(program, 'image').command('push'));
}

function define(command: Command): void {
  command
    .description('Push an image or a repository to a registry')
    .usage('[OPTIONS] NAME[:TAG]')
    .argument('<name>')
    .option('-a, --all-tags', 'Push all tagged images in the repository')
    .option('-q, --quiet', 'Suppress verbose output')
    .option('--disable-content-trust', 'Skip image signing (always on: berth has no content trust)')
    .action(async (name: string, flags: PushFlags, cmd: Command) => {
      const { push, DockerProgressRenderer } = await import('../../distribution/client/index.js');
      const { formatReference, parseNormalizedReference } = await import('../../core/index.js');
      const store = await openCliStore(cmd);
      const renderer = flags.quiet ? undefined : new DockerProgressRenderer(process.stderr, process.stderr.isTTY === true);
      const results = await push(store, name, { allTags: flags.allTags, progress: renderer?.sink });
      if (flags.quiet) {
        const repository = parseNormalizedReference(name);
        process.stdout.write(`${formatReference(flags.allTags ? { domain: repository.domain, path: repository.path } : { ...repository, tag: repository.tag ?? 'latest' })}\n`);
        return;
      }
      process.stdout.write(results.map((r) => `${r.tag}: digest: ${r.digest} size: ${r.size}\n`).join(''));
    });
}
