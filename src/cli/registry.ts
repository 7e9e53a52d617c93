import type { Command } from 'commander';
import { commandWord } from './command-word.js';

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
  images: () => import('./commands/images.js'),
  inspect: () => import('./commands/inspect.js'),
  history: () => import('./commands/history.js'),
  tag: () => import('./commands/tag.js'),
  rmi: () => import('./commands/rmi.js'),
  system: () => import('./commands/system.js'),
  import: () => import('./commands/import.js'),
  save: () => import('./commands/save.js'),
  load: () => import('./commands/load.js'),
  registry: () => import('./commands/registry.js'),
  build: () => import('./commands/build.js'),
  builder: () => import('./commands/builder.js'),
  run: () => import('./commands/run.js'),
  create: () => import('./commands/create.js'),
  start: () => import('./commands/start.js'),
  stop: () => import('./commands/stop.js'),
  restart: () => import('./commands/restart.js'),
  kill: () => import('./commands/kill.js'),
  rm: () => import('./commands/rm.js'),
  ps: () => import('./commands/ps.js'),
  logs: () => import('./commands/logs.js'),
  wait: () => import('./commands/wait.js'),
  rename: () => import('./commands/rename.js'),
  port: () => import('./commands/port.js'),
  'manifest-create': () => import('./commands/manifest-create.js'),
  'manifest-annotate': () => import('./commands/manifest-annotate.js'),
  'manifest-rm': () => import('./commands/manifest-rm.js'),
  'manifest-push': () => import('./commands/manifest-push.js'),
  exec: () => import('./commands/exec.js'),
  top: () => import('./commands/top.js'),
  stats: () => import('./commands/stats.js'),
  diff: () => import('./commands/diff.js'),
  export: () => import('./commands/export.js'),
  commit: () => import('./commands/commit.js'),
  cp: () => import('./commands/cp.js'),
  analyze: () => import('./commands/analyze.js'),
  pull: () => import('./commands/pull.js'),
  push: () => import('./commands/push.js'),
  login: () => import('./commands/login.js'),
  logout: () => import('./commands/logout.js'),
  manifest: () => import('./commands/manifest.js'),
};

/**
 * Group words (`berth image ls`, `berth system df`) → the command modules that add subcommands to
 * that group (through `commandGroup`), so `image ls` loads the same module as `images`.
 */
export const COMMAND_GROUPS: Record<string, string[]> = {
  image: ['images', 'inspect', 'history', 'tag', 'rmi', 'import', 'save', 'load', 'pull', 'push'],
  system: ['system'],
  manifest: ['manifest', 'manifest-create', 'manifest-annotate', 'manifest-rm', 'manifest-push'],
  container: ['run', 'create', 'start', 'stop', 'restart', 'kill', 'rm', 'ps', 'logs', 'wait', 'rename', 'port', 'inspect', 'exec', 'top', 'stats', 'diff', 'export', 'commit', 'cp'],
};

/** The modules needed to run `argv`, or undefined when all are needed (help, unknown word). */
export function resolveCommandModule(argv: string[]): Loader[] | undefined {
  const word = commandWord(argv);
  if (word === undefined || word === 'help') return undefined;
  const group = COMMAND_GROUPS[word];
  if (group !== undefined) return group.map((name) => COMMAND_MODULES[name]).filter((loader) => loader !== undefined);
  const loader = COMMAND_MODULES[word];
  return loader ? [loader] : undefined;
}
