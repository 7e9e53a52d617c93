// Peer tools in tests: present → run; missing → skip locally, FAIL in CI (common.md's rule).
import { accessSync, constants } from 'node:fs';
import type { TestContext } from 'node:test';

/** True when `path` exists and is executable. */
export function toolInstalled(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns true when every tool is installed. Otherwise skips the test (locally) and returns false,
 * or throws when `process.env.CI` is set, so that CI never passes by skipping.
 */
export function requireTools(t: TestContext, ...paths: string[]): boolean {
  const missing = paths.filter((p) => !toolInstalled(p));
  if (missing.length === 0) return true;
  if (process.env.CI) throw new Error(`required tool missing in CI: ${missing.join(', ')}`);
  t.skip(`missing ${missing.join(', ')}`);
  return false;
}

/** Like requireTools, for tests that need root (dockerd, mounts, runc). */
export function requireRoot(t: TestContext): boolean {
  if (process.getuid?.() === 0) return true;
  if (process.env.CI) throw new Error('this test needs root in CI');
  t.skip('needs root');
  return false;
}

/** Like requireTools, for tests that run containers or RUN steps: root and runc, plus `paths`. */
export function requireRunc(t: TestContext, ...paths: string[]): boolean {
  return requireRoot(t) && requireTools(t, '/usr/sbin/runc', ...paths);
}
