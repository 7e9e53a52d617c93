import type { TarInput } from '../types.js';

/** Entries pulled ahead of the writer. */
const WINDOW = 32;
/** Only bodies up to this size are read ahead (bounds memory to WINDOW × this). */
const SMALL_BODY = 256 * 1024;

async function collect(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

interface Pending {
  input: TarInput;
  body?: Promise<Buffer>;
}

function start(input: TarInput): Pending {
  if (typeof input.body !== 'function' || input.header.size > SMALL_BODY) return { input };
  const body = collect(input.body());
  body.catch(() => undefined); // surfaced when the writer reaches this entry
  return { input, body };
}

/**
 * Pulls entries up to WINDOW ahead and starts reading their small lazy bodies right away, so
 * many file reads are in flight at once instead of one open/read/close round trip after another.
 */
export async function* prefetch(entries: AsyncIterable<TarInput> | Iterable<TarInput>): AsyncGenerator<TarInput> {
  const iterator = (Symbol.asyncIterator in entries ? entries[Symbol.asyncIterator]() : entries[Symbol.iterator]()) as AsyncIterator<TarInput> | Iterator<TarInput>;
  const queue: Pending[] = [];
  let done = false;
  try {
    for (;;) {
      while (!done && queue.length < WINDOW) {
        const next = await iterator.next();
        if (next.done) done = true;
        else queue.push(start(next.value));
      }
      const head = queue.shift();
      if (head === undefined) return;
      yield head.body === undefined ? head.input : { header: head.input.header, body: await head.body };
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}
