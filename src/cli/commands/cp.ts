import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

/** Splits `CONTAINER:PATH`; a plain path (or one starting with . or /) is a host path. */
function containerPath(arg: string): { container: string; path: string } | undefined {
  if (arg.startsWith('/') || arg.startsWith('.')) return undefined;
  const colon = arg.indexOf(':');
  return colon > 0 ? { container: arg.slice(0, colon), path: arg.slice(colon + 1) } : undefined;
}

/** `berth cp CONTAINER:SRC DEST|-` and `berth cp SRC|- CONTAINER:DEST`. */
export function register(program: Command): void {
  registerContainerCommand(program, 'cp', (cmd) =>
    cmd
      .description('Copy files/folders between a container and the local filesystem')
      .usage('[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n       berth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH')
      .argument('<source>')
      .argument('<destination>')
      .option('-a, --archive', 'Archive mode (copy all uid/gid information)')
      .option('-L, --follow-link', 'Always follow symbol link in SRC_PATH')
      .action(async (source: string, destination: string, _flags: object, command: Command) => {
        const { openContainers } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { BerthError } = await import('../../core/index.js');
        const { containers } = await openContainers(command);
        const from = containerPath(source);
        const to = containerPath(destination);
        if ((from === undefined) === (to === undefined)) {
          throw new BerthError('CP_ARGS', from ? 'copying between containers is not supported' : 'must specify at least one container source');
        }
        if (from) {
          const container = await c.findContainer(containers, from.container);
          if (destination === '-') await c.copyFromContainerTar(container, from.path, process.stdout);
          else await c.copyFromContainer(container, from.path, destination);
          return;
        }
        await c.copyToContainer(await c.findContainer(containers, to!.container), source, to!.path);
      }),
  );
}
