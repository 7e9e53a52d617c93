// What the container commands share: opening the stores, registering a command both as a
// top-level word and under `container`, and running an action per container argument.
import type { Command } from 'commander';
import type { ContainerStore } from '../../container/index.js';
import type { Store } from '../../store/index.js';
import { commandGroup } from '../program.js';
import { openCliStore } from '../store.js';

/** The image store and the container store of the command's root. */
export async function openContainers(cmd: Command): Promise<{ store: Store; containers: ContainerStore }> {
  const store = await openCliStore(cmd);
  const { ContainerStore } = await import('../../container/index.js');
  return { store, containers: new ContainerStore(store.root) };
}

/**
 * Defines a command as `berth WORD` and `berth container SUBWORD` (default the same word). Commands
 * passing the arguments after the image through (run, create, exec) need positional options.
 */
export function registerContainerCommand(program: Command, word: string, define: (cmd: Command) => void, options: { subword?: string; topLevel?: boolean; positional?: boolean } = {}): void {
  const group = commandGroup(program, 'container');
  if (options.positional) {
    program.enablePositionalOptions();
    group.enablePositionalOptions();
  }
  if (options.topLevel !== false) define(program.command(word));
  define(group.command(options.subword ?? word));
}

/**
 * Runs `work` for each named container like docker's multi-container commands: errors are printed
 * (one line each), the others still run, and the exit status is 1 when any failed.
 */
export async function forEachContainer(names: string[], work: (name: string) => Promise<void>): Promise<void> {
  const { reportError } = await import('../report-error.js');
  for (const name of names) {
    try {
      await work(name);
    } catch (err) {
      process.exitCode = reportError(err);
    }
  }
}
