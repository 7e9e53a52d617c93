import type { Command } from 'commander';
import { globalOptions } from '../program.js';

interface ServeOptions {
  addr?: string;
  config?: string;
  storage?: string;
  delete?: boolean;
  htpasswd?: string;
  tokenAuth?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  logLevel?: string;
}

interface GcCommandOptions {
  config?: string;
  storage?: string;
  dryRun?: boolean;
  deleteUntagged?: boolean;
  grace?: string;
}

async function storeRoot(cmd: Command): Promise<string> {
  const { resolveStoreRoot } = await import('../../store/index.js');
  return resolveStoreRoot({ root: globalOptions(cmd).root });
}

/** Parses a duration such as 90s, 30m, 1h, 2d (plain numbers are seconds). */
function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`invalid duration "${text}": use a number with s, m, h or d (e.g. 30m)`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] ?? 's'] ?? 1;
  return Number(match[1]) * unit;
}

/** `berth registry serve|gc`: an OCI distribution registry and its garbage collector. */
export function register(program: Command): void {
  const registry = program.command('registry').description('Run an OCI distribution registry (a drop-in for registry:2)');
  registry
    .command('serve')
    .description('Serve the registry API (/v2/), /metrics and /healthz until SIGINT or SIGTERM')
    .option('--addr <host:port>', 'address to listen on (default 127.0.0.1:5000)')
    .option('--config <file>', 'YAML config file (distribution\'s format: http, storage, auth, log)')
    .option('--storage <dir>', 'storage directory (default <store root>/registry)')
    .option('--delete', 'allow deleting manifests, tags and blobs')
    .option('--htpasswd <file>', 'require HTTP Basic auth with these bcrypt accounts (with --token-auth: the token endpoint\'s accounts)')
    .option('--token-auth', 'require bearer tokens, issued by the built-in /token endpoint')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--log-level <level>', 'trace, debug, info, warn or error (default info)')
    .action(async (options: ServeOptions, cmd: Command) => {
      const { runServe } = await import('../../distribution/server/index.js');
      await runServe({ ...options, token: options.tokenAuth }, await storeRoot(cmd));
    });
  registry
    .command('gc')
    .description('Delete blobs no manifest references, while the registry keeps serving')
    .option('--config <file>', 'the registry\'s YAML config file')
    .option('--storage <dir>', 'storage directory (default <store root>/registry)')
    .option('--dry-run', 'print what would be deleted, delete nothing')
    .option('--delete-untagged', 'also delete manifests no tag reaches')
    .option('--grace <duration>', 'keep content used more recently than this (default 1h)', '1h')
    .action(async (options: GcCommandOptions, cmd: Command) => {
      const { runGc } = await import('../../distribution/server/index.js');
      const report = await runGc({ config: options.config, storage: options.storage }, await storeRoot(cmd), {
        dryRun: options.dryRun,
        deleteUntagged: options.deleteUntagged,
        graceSeconds: parseDuration(options.grace ?? '1h'),
        log: (line) => process.stdout.write(`${line}\n`),
      });
      const verb = options.dryRun ? 'would free' : 'freed';
      process.stderr.write(`${report.blobsDeleted.length} blobs, ${report.manifestsDeleted.length} manifests, ${report.uploadsDeleted} uploads: ${verb} ${report.bytesFreed} bytes\n`);
    });
}
