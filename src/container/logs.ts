import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** One line of a json-file log, as docker writes it. */
export interface LogEntry {
  log: string;
  stream: 'stdout' | 'stderr';
  /** RFC 3339 with nanoseconds. */
  time: string;
}

/** The current time with nanosecond digits, like docker's log timestamps. */
function nanoTime(): string {
  const now = process.hrtime.bigint() % 1_000_000n;
  return new Date().toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(now).padStart(6, '0')}Z`);
}

/**
 * docker's json-file log: one JSON object per line of output (`{"log":"…\n","stream":…,"time":…}`),
 * a line cut at the end of output kept without its newline. Both streams share one file.
 */
export class JsonFileLog {
  private readonly file: WriteStream;

  constructor(path: string) {
    this.file = createWriteStream(path, { flags: 'a' });
  }

  /** A Writable for one stream: what it receives is split into lines and appended. */
  stream(name: 'stdout' | 'stderr', tee?: NodeJS.WritableStream): Writable {
    let partial = '';
    const write = (text: string) => this.file.write(`${JSON.stringify({ log: text, stream: name, time: nanoTime() })}\n`);
    return new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        tee?.write(chunk);
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) write(`${line}\n`);
        done();
      },
      final: (done) => {
        if (partial !== '') write(partial);
        partial = '';
        done();
      },
    });
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(resolve));
  }
}

/** Options of {@link readLog}. */
export interface ReadLogOptions {
  /** Only the last N entries (before following). */
  tail?: number;
  /** Only entries at or after this time (ms since the epoch). */
  sinceMs?: number;
  untilMs?: number;
  /** Keep reading as the log grows while `active()` is true. */
  follow?: boolean;
  active?: () => Promise<boolean>;
  signal?: AbortSignal;
}

async function readEntries(path: string, start: number): Promise<{ entries: LogEntry[]; end: number }> {
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size <= start) return { entries: [], end: start };
  const entries: LogEntry[] = [];
  let consumed = start;
  const lines = createInterface({ input: createReadStream(path, { start, end: size - 1 }), crlfDelay: Infinity });
  let text = '';
  for await (const line of lines) text += `${line}\n`;
  // Only whole lines: a writer may be in the middle of one.
  const whole = text.slice(0, text.lastIndexOf('}\n') + 2);
  for (const line of whole.split('\n')) {
    if (line === '') continue;
    try {
      entries.push(JSON.parse(line) as LogEntry);
    } catch {
      break;
    }
  }
  consumed += Buffer.byteLength(whole);
  return { entries, end: Math.min(consumed, size) };
}

/** Yields a json-file log's entries (filtered), following it while the container runs. */
export async function* readLog(path: string, options: ReadLogOptions = {}): AsyncGenerator<LogEntry> {
  const keep = (entry: LogEntry) => {
    const time = Date.parse(entry.time);
    return (options.sinceMs === undefined || time >= options.sinceMs) && (options.untilMs === undefined || time <= options.untilMs);
  };
  let { entries, end } = await readEntries(path, 0);
  entries = entries.filter(keep);
  if (options.tail !== undefined && options.tail >= 0) entries = options.tail === 0 ? [] : entries.slice(-options.tail);
  yield* entries;
  if (!options.follow) return;
  for (;;) {
    const running = options.active ? await options.active() : false;
    const next = await readEntries(path, end);
    end = next.end;
    yield* next.entries.filter(keep);
    if (!running || options.signal?.aborted) return;
    await sleep(100);
  }
}
