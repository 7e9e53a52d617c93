// Synchronous cleanups (unmount, runc delete, rm) that must run however the process ends:
// normal exit, SIGINT/SIGTERM/SIGHUP, or an uncaught failure. They are synchronous because
// Node's 'exit' event cannot wait for promises.
const cleanups = new Set<() => void>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
let installed = false;

function runAll(): void {
  // Newest first: a runc container registered after its snapshot must go before the unmount.
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // A failing cleanup must not stop the others; cleanupStale() catches what is left.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  // Another listener (the CLI forwarding Ctrl-C to a container, or aborting a build) decides what
  // the signal means; its process.exit() still runs the cleanups through the 'exit' event.
  if (process.listenerCount(signal) > 1) return;
  runAll();
  process.exit(128 + SIGNAL_NUMBERS[signal]);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

/**
 * Registers a synchronous cleanup to run when the process exits (normally, by process.exit, or on a
 * crash) and on SIGINT/SIGTERM/SIGHUP, which then exit with 128+signal like the default action;
 * when the program has its own listener for that signal, the signal is left to it. Returns a
 * function that unregisters it (call it once the resource is released normally). Cleanups run
 * newest first, each at most once.
 */
export function registerExitCleanup(cleanup: () => void): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}
