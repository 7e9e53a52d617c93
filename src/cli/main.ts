// CLI entry point. Start-up cost matters (`berth images` is benchmarked against `node -e 0`),
// so only the module of the command being run is imported; `--version` imports nothing, and
// `images` loads its one-file bundle (images-cli.ts).
import { readFileSync } from 'node:fs';
import { COMMAND_MODULES, commandWord, resolveCommandModule } from './registry.js';
import { reportError } from './report-error.js';

const argv = process.argv.slice(2);

async function main(): Promise<void> {
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`berth version ${pkg.version}\n`);
    return;
  }
  if (commandWord(argv) === 'images') {
    const { runImages } = await import('./images-cli.js');
    return runImages();
  }
  const { runCommands } = await import('./run.js');
  const loaders = resolveCommandModule(argv) ?? Object.values(COMMAND_MODULES);
  return runCommands(await Promise.all([...new Set(loaders)].map((load) => load())));
}

main().catch((err: unknown) => {
  process.exitCode = reportError(err);
});
