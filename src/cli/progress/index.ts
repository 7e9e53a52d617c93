import type { ProgressSink } from '../../build/index.js';
import { PlainRenderer } from './plain.js';
import { TtyRenderer } from './tty.js';

export { PlainRenderer } from './plain.js';
export { TtyRenderer } from './tty.js';

/** A progress renderer: receives events, then `finish()` once the build ends. */
export interface ProgressRenderer {
  sink: ProgressSink;
  finish(): void;
}

/** The renderer for `--progress auto|tty|plain|quiet|rawjson` writing to stderr (auto: tty on a terminal). */
export function createRenderer(mode: string, stderr: NodeJS.WriteStream = process.stderr): ProgressRenderer {
  const resolved = mode === 'auto' ? (stderr.isTTY ? 'tty' : 'plain') : mode;
  if (resolved === 'quiet') return { sink: () => undefined, finish: () => undefined };
  if (resolved === 'rawjson') return { sink: (e) => void stderr.write(`${JSON.stringify(e)}\n`), finish: () => undefined };
  const renderer = resolved === 'tty' ? new TtyRenderer(stderr) : new PlainRenderer((t) => void stderr.write(t));
  return { sink: (e) => renderer.handle(e), finish: () => renderer.finish() };
}
