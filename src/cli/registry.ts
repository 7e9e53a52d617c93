import type { Command } from 'commander';

/** A command module adds one command (or command group) and its aliases to the program. */
export interface CommandModule {
  register(program: Command): void;
}
type Loader = () => Promise<CommandModule>;

/**
 * Top-level command words → the module defining them. Several words may share a module
 * (`images` and `image ls`). Each module's actions import their implementation lazily.
 */
export const COMMAND_MODULES: Record<string, Loader> = {
  registry: () => import('./commands/registry.js'),
};

/** The modules needed to run `argv`, or undefined when all are needed (help, unknown word). */
export function resolveCommandModule(argv: string[]): Loader[] | undefined {
  let word: string | undefined;
  for (let i = 0; i < argv.length && word === undefined; i++) {
    if (argv[i] === '--root') i++;
    else if (!argv[i].startsWith('-')) word = argv[i];
  }
  if (word === undefined || word === 'help') return undefined;
  const loader = COMMAND_MODULES[word];
  return loader ? [loader] : undefined;
}
