// Transpiles every TypeScript file to dist/ one-to-one (no bundling), so the CLI loads only
// the modules a command imports. Type checking is `npm run typecheck` (tsc), kept separate
// because esbuild transpiles in well under a second.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
  logLevel: process.argv.includes('--quiet') ? 'error' : 'warning',
});
