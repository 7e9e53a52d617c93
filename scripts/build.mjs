// Transpiles every TypeScript file to dist/ one-to-one (library, tests, benches), then bundles
// the CLI into dist/cli/ (what bin/berth runs). Type checking is `npm run typecheck` (tsc),
// kept separate because esbuild transpiles in well under a second.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const logLevel = process.argv.includes('--quiet') ? 'error' : 'warning';
const roots = ['src', 'test', 'bench'];
function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}
const entryPoints = roots.flatMap((root) => { try { return walk(root, []); } catch { return []; } });
await build({
  entryPoints,
  outdir: 'dist',
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel,
  metafile: true,
});

// The CLI bundle: each CLI process otherwise resolves, reads and links ~75–170 small ES modules
// (plus a CJS lexer pass over commander), which costs more CPU than evaluating them. Splitting
// keeps every command's implementation in chunks its action imports lazily, so start-up still
// loads only the command being run. Dependencies other than commander stay external (native
// addons, worker-thread entry files, the AWS SDK's size).
const CLI_OUT = 'dist/cli';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => name !== 'commander').flatMap((name) => [name, `${name}/*`]);

// Code that finds files next to itself (`new URL('./monitor-main.js', import.meta.url)`,
// package.json, createRequire) keeps resolving from its one-to-one dist/src/ location.
const keepModuleUrl = {
  name: 'keep-module-url',
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const transpiled = relative(resolve('src'), args.path).replace(/\.ts$/, '.js');
      const fromBundle = relative(resolve(CLI_OUT), resolve('dist/src', transpiled));
      const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts', resolveDir: dirname(args.path) };
    });
  },
};

// commander requires node:child_process at load time (several milliseconds of start-up) but spawns
// only for executable subcommands, which berth does not define: give it a stand-in that requires
// the real module on the first spawn.
const lazyCommanderSpawn = {
  name: 'lazy-commander-spawn',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) => (args.importer.includes('/node_modules/commander/') ? { path: 'child_process', namespace: 'lazy-spawn' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-spawn' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

// Shared by the split bundle and the one-file bundles.
const cliOptions = {
  outdir: CLI_OUT,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  external,
  // commander is CommonJS; its require('node:events') etc. need a real require in an ES module.
  banner: { js: "import { createRequire as __berthCreateRequire } from 'node:module'; const require = __berthCreateRequire(import.meta.url);" },
  logLevel,
  metafile: true,
};

// bin/berth starts from a small CommonJS bundle (start.ts), so `berth images` and `--version` never
// start node's ES module loader. `berth images`, whose start-up is benchmarked, gets one
// self-contained CommonJS file run through a V8 code cache (src/cli/code-cache.ts): every ES
// module the split bundle would load instead costs start-up time. Its dynamic imports become
// requires, as a vm.Script cannot import() without an experimental flag.
const commonjs = {
  ...cliOptions,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__berthModuleUrl' },
  banner: { js: "const __berthModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
const mainIsExternal = {
  name: 'main-is-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/main\.js$/ }, (args) => (args.importer.endsWith('/src/cli/start.ts') ? { path: args.path, external: true } : undefined));
  },
};

const bundles = await Promise.all([
  build({ ...cliOptions, entryPoints: { main: 'src/cli/main.ts' }, splitting: true, chunkNames: 'chunk-[hash]', plugins: [keepModuleUrl, lazyCommanderSpawn] }),
  build({ ...commonjs, entryPoints: { start: 'src/cli/start.ts' }, plugins: [keepModuleUrl, mainIsExternal] }),
  build({ ...commonjs, entryPoints: { 'images-cli': 'src/cli/images-cli.ts' }, supported: { 'dynamic-import': false }, plugins: [keepModuleUrl, lazyCommanderSpawn] }),
]);

// Chunk names carry content hashes, so every changed build leaves the previous chunks behind.
// Remove the unreferenced ones once they are an hour old: a berth process started from the
// previous build may still import them lazily.
const current = new Set(bundles.flatMap((bundle) => Object.keys(bundle.metafile.outputs)).map((path) => resolve(path)));
for (const name of readdirSync(CLI_OUT)) {
  const path = resolve(CLI_OUT, name);
  if (!current.has(path) && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
}
