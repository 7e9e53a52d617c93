// CLI entry point. Start-up cost matters (`berth images` is benchmarked against `node -e 0`),
// so this file imports nothing up front: only the module of the command being run is imported,
// `--version` reads package.json, and `images` loads its one-file bundle (images-cli.ts).
import { COMMAND_MODULES, commandWord, resolveCommandModule } from './registry.js';

const argv = process.argv.slice(2);

async function main(): Promise<void> {
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') {
    // node:fs/promises, not node:fs: importing node:fs as an ES module costs milliseconds (its lazy stream getters).
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
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

main().catch(async (err: unknown) => {
  // Commands report their own errors (runCommands); this is for failing to load one.
  const { reportError } = await import('./report-error.js');
  process.exitCode = reportError(err);
});
