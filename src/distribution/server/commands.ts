import { pino } from 'pino';
import { loadRegistryConfig, type RegistryFlags } from './config.js';
import { collectGarbage, type GcOptions, type GcReport } from './gc.js';
import { startRegistry } from './serve.js';
import { createDriver } from './storage/index.js';

/**
 * `berth registry serve`: runs until SIGINT/SIGTERM, then stops gracefully (running requests
 * finish; a second signal exits at once). JSON logs go to stderr.
 */
export async function runServe(flags: RegistryFlags, storeRoot: string): Promise<void> {
  const config = await loadRegistryConfig(flags, storeRoot);
  const logger = pino({ level: config.logLevel }, pino.destination({ fd: 2, sync: false }));
  const running = await startRegistry(config, logger);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down: finishing running requests');
      process.once(signal, () => process.exit(130));
      running.stop().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  logger.info('registry stopped');
  logger.flush();
}

/** `berth registry gc`: sweeps unreferenced content while the registry keeps running; prints a summary. */
export async function runGc(flags: RegistryFlags, storeRoot: string, options: GcOptions): Promise<GcReport> {
  const config = await loadRegistryConfig(flags, storeRoot);
  return collectGarbage(await createDriver(config), options);
}
