// A queue that runs one task at a time, so a heavy page (a layer analysis) cannot be run by many
// requests at once and exhaust memory; past `maxPending`, callers are told to come back later.

/** Runs tasks one after another; refuses new ones when `maxPending` are already queued or running. */
export class OneAtATime {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly maxPending: number) {}

  /** Runs `task` after those before it; undefined (without running it) when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T | undefined> {
    if (this.pending >= this.maxPending) return undefined;
    this.pending++;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    try {
      await previous;
      return await task();
    } finally {
      this.pending--;
      release();
    }
  }
}
