// CLI entry point. Start-up cost matters (`berth images` is benchmarked against `node -e 0`),
// so this file imports nothing up front: only the module of the command being run is imported.
// (`images` and `--version` are handled by start.ts without reaching this file.)
import { COMMAND_MODULES, resolveCommandModule } from './registry.js';

const argv = process.argv.slice(2);

async function main(): Promise<void> {
  const { runCommands } = await import('./run.js');
  const loaders = resolveCommandModule(argv) ?? Object.values(COMMAND_MODULES);
  return runCommands(await Promise.all([...new Set(loaders)].map((load) => load())));
}

main().catch(async (err: unknown) => {
  // Commands report their own errors (runCommands); this is for failing to load one.
  const { reportError } = await import('./report-error.js');
  process.exitCode = reportError(err);
});
