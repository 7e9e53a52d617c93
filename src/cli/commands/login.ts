import type { Command } from 'commander';

interface LoginFlags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
}

/** `berth login [SERVER]`: checks the login against the registry and saves it in ~/.docker/config.json (or its helper). */
export function register(program: Command): void {
  program
    .command('login')
    .description('Log in to a registry')
    .usage('[OPTIONS] [SERVER]')
    .argument('[server]')
    .option('-u, --username <username>', 'Username')
    .option('-p, --password <password>', 'Password')
    .option('--password-stdin', 'Take the password from stdin')
    .action(async (server: string | undefined, flags: LoginFlags) => {
      const { BerthError } = await import('../../core/index.js');
      const { login, registryHost, CredentialStore } = await import('../../distribution/client/index.js');
      let password = flags.password;
      if (password !== undefined) process.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
      if (flags.passwordStdin) {
        if (password !== undefined) throw new BerthError('LOGIN_FLAGS', '--password and --password-stdin are mutually exclusive');
        if (flags.username === undefined) throw new BerthError('LOGIN_FLAGS', 'Must provide --username with --password-stdin');
        password = (await readStdin()).replace(/\r?\n$/, '');
      }
      let username = flags.username;
      if (username === undefined && password === undefined) {
        const saved = await new CredentialStore().get(registryHost(server));
        if (saved !== undefined) {
          process.stdout.write('Authenticating with existing credentials...\n');
          await login(server, saved);
          process.stdout.write('Login Succeeded\n');
          return;
        }
      }
      if (username === undefined || password === undefined) {
        if (!process.stdin.isTTY) throw new BerthError('LOGIN_TTY', 'Cannot perform an interactive login from a non TTY device');
        username ??= await prompt('Username: ', false);
        password ??= await prompt('Password: ', true);
      }
      if (!username) throw new BerthError('LOGIN_FLAGS', 'Username is required');
      if (!password) throw new BerthError('LOGIN_FLAGS', 'Password is required');
      await login(server, { username, password });
      process.stdout.write('Login Succeeded\n');
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks on the terminal; `hidden` keeps the answer off the screen. */
async function prompt(question: string, hidden: boolean): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (hidden) {
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => write(s.startsWith(question) ? s : '');
  }
  try {
    return (await rl.question(question)).trim();
  } finally {
    if (hidden) process.stderr.write('\n');
    rl.close();
  }
}
