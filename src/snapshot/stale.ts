import { BerthError } from '../core/index.js';
import type { StaleCleanupReport } from './types.js';

/**
 * Removes what crashed processes left under a snapshot root: non-persistent snapshots whose owner
 * process is gone (unmounted, then deleted). Persistent snapshots are left alone. Safe to run
 * while other berth processes work: live owners' snapshots are never touched.
 */
export async function cleanupStale(root: string): Promise<StaleCleanupReport> {
  void root;
  throw new BerthError('NOT_IMPLEMENTED', 'cleanupStale is not implemented yet');
}
