// CLI entry point. Start-up cost matters (`berth images` is benchmarked against `node -e 0`),
// so only the module of the command being run is imported; `--version` imports nothing.
import { readFileSync } from 'node:fs';
import { COMMAND_MODULES, resolveCommandModule } from './registry.js';
import { reportError } from './report-error.js';

const argv = process.argv.slice(2);

async function main(): Promise<void> {
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`berth version ${pkg.version}\n`);
    return;
  }
  const { createProgram } = await import('./program.js');
  const program = createProgram();
  const modules = resolveCommandModule(argv) ?? Object.values(COMMAND_MODULES);
  for (const load of new Set(modules)) (await load()).register(program);
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  process.exitCode = reportError(err);
});
