// bin/berth's first module, bundled as CommonJS (dist/cli/start.cjs). `berth images` is
// benchmarked against `node -e 0`: it runs its one-file CommonJS bundle through a code cache
// without ever starting node's ES module loader, and so does `--version`; every other command
// imports main.js.
import { createRequire } from 'node:module';
import { loadWithCodeCache } from './code-cache.js';
import { commandWord } from './command-word.js';

async function start(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') {
    // require, not import(): a dynamic import would start the ES module loader this file avoids.
    const { readFileSync } = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`berth version ${pkg.version}\n`);
    return;
  }
  if (commandWord(argv) !== 'images') {
    await import('./main.js');
    return;
  }
  // import.meta.url is this file's one-to-one location, dist/src/cli/start.js (see scripts/build.mjs).
  const bundle = loadWithCodeCache<typeof import('./images-cli.js')>(new URL('../../cli/images-cli.cjs', import.meta.url));
  await bundle.exports.runImages();
  bundle.saveCache();
}

start().catch((err: unknown) => {
  process.stderr.write(`berth: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
