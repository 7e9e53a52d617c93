// `berth images` on its own: scripts/build.mjs bundles this file into one self-contained
// CommonJS file, dist/cli/images-cli.cjs, which start.ts runs through a code cache. Listing images
// is benchmarked against `node -e 0`, and through the split bundle it would load some twenty ES
// modules, each costing start-up time.
import { registerImages } from './commands/images.js';
import { runCommands } from './run.js';

/** Runs `berth images …` (process.argv); only the `images` command is defined, as `berth images` needs no other. */
export function runImages(): Promise<void> {
  return runCommands([{ register: registerImages }]);
}
