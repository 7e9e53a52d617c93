// Bounded parallelism for blob transfers.

/**
 * Runs `work` over `items` with at most `limit` at a time; resolves with the results in order.
 * The first failure aborts `controller` (so in-flight transfers stop) and is rethrown.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>, controller?: AbortController): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index], index);
      } catch (err) {
        if (!failed) firstError = err;
        failed = true;
        controller?.abort(err);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw firstError;
  return results;
}

/** Calls `emit` at most every `intervalMs`, plus always for the final value. */
export function throttle(intervalMs: number, emit: (current: number) => void): (current: number, final?: boolean) => void {
  let last = 0;
  return (current, final = false) => {
    const now = Date.now();
    if (final || now - last >= intervalMs) {
      last = now;
      emit(current);
    }
  };
}
