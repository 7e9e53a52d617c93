import type { Command } from 'commander';
import { globalOptions } from '../program.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Parses docker's `until=` filter (a duration like `24h`, `90m`, or a timestamp) to a Date. */
export function parseUntil(value: string, now = Date.now()): Date {
  const m = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(value);
  if (m) {
    const unit = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 }[m[2]]!;
    return new Date(now - Number(m[1]) * unit);
  }
  const date = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`invalid filter 'until=${value}': expected a duration (24h) or a timestamp`);
  return date;
}

/** `berth builder prune`: removes build cache (docker's flags: -a, --filter until=…, -f). */
export function register(program: Command): void {
  const builder = program.command('builder').description('Manage builds');
  builder
    .command('prune')
    .description('Remove build cache')
    .option('-a, --all', 'Remove all unused build cache, not just dangling ones')
    .option('--filter <filter>', 'Provide filter values (e.g. "until=24h")', collect)
    .option('-f, --force', 'Do not prompt for confirmation')
    .action(async (options: { all?: boolean; filter?: string[] }, cmd: Command) => {
      const { openStore } = await import('../../store/index.js');
      const { pruneBuildCache } = await import('../../build/index.js');
      const { humanSize } = await import('../format/index.js');
      let before: Date | undefined;
      for (const f of options.filter ?? []) {
        const [key, value] = [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)];
        if (key !== 'until') throw new Error(`invalid filter '${f}': only until= is supported`);
        before = parseUntil(value);
      }
      const store = await openStore({ root: globalOptions(cmd).root });
      const result = await pruneBuildCache(store, { all: options.all, before });
      if (result.removed.length > 0) {
        process.stdout.write('Deleted build cache objects:\n');
        for (const r of result.removed) process.stdout.write(`${r.key.slice(7, 32)}\n`);
        process.stdout.write('\n');
      }
      process.stdout.write(`Total reclaimed space: ${humanSize(result.reclaimedBytes)}\n`);
    });
}
