import { createProgram } from './program.js';
import type { CommandModule } from './registry.js';
import { reportError } from './report-error.js';

/**
 * Runs the command line with the commands of `modules` registered: parses process.argv and runs
 * the action. An error is reported here (docker's `Error: …`) and sets the exit status, so it is
 * judged by the error classes of the bundle that raised it.
 */
export async function runCommands(modules: CommandModule[]): Promise<void> {
  try {
    const program = createProgram();
    for (const module of modules) module.register(program);
    await program.parseAsync(process.argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}
