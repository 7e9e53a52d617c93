import type { Command } from 'commander';
import { registerContainerCommand } from './container-cli.js';

/** `berth port CONTAINER [PRIVATE_PORT[/PROTO]]`: the published ports as docker lists them. */
export function register(program: Command): void {
  registerContainerCommand(program, 'port', (cmd) =>
    cmd
      .description('List port mappings or a specific mapping for the container')
      .argument('<container>')
      .argument('[port]')
      .action(async (name: string, port: string | undefined, _flags: object, command: Command) => {
        const { openContainers } = await import('./container-cli.js');
        const c = await import('../../container/index.js');
        const { BerthError } = await import('../../core/index.js');
        const { containers } = await openContainers(command);
        const container = await c.findContainer(containers, name);
        const bound = container.state.network?.ports ?? [];
        if (port === undefined) {
          process.stdout.write(bound.map((b) => `${c.formatBinding(b)}\n`).join(''));
          return;
        }
        const [number, protocol = 'tcp'] = port.split('/');
        const matches = bound.filter((b) => String(b.containerPort) === number && b.protocol === protocol);
        if (matches.length === 0) throw new BerthError('NO_PORT', `No public port '${number}/${protocol}' published for ${name}`);
        process.stdout.write(matches.map((b) => `${b.hostIp || '0.0.0.0'}:${b.hostPort}\n`).join(''));
      }),
  );
}
