import type { ContainerState, RestartPolicy } from './types.js';

/** Whether the monitor starts the process again after it exited with `exitCode` (docker's rules). */
export function shouldRestart(policy: RestartPolicy, state: ContainerState, exitCode: number): boolean {
  if (state.stoppedByUser) return false;
  switch (policy.name) {
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure':
      return exitCode !== 0 && (policy.maximumRetryCount === 0 || state.restartCount < policy.maximumRetryCount);
    default:
      return false;
  }
}

/** docker's back-off between restarts: 100 ms doubling, at most a minute. */
export function restartDelay(restartCount: number): number {
  return Math.min(100 * 2 ** restartCount, 60_000);
}
