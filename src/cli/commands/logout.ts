import type { Command } from 'commander';

/** `berth logout [SERVER]`: removes the saved login (docker's messages). */
export function register(program: Command): void {
  program
    .command('logout')
    .description('Log out from a registry')
    .usage('[SERVER]')
    .argument('[server]')
    .action(async (server: string | undefined) => {
      const { logout, authKey } = await import('../../distribution/client/index.js');
      const { host, removed } = await logout(server);
      process.stdout.write(removed ? `Removing login credentials for ${authKey(host)}\n` : `Not logged in to ${authKey(host)}\n`);
    });
}
