// Transfer progress as events, and docker's way of drawing them: one line per layer, redrawn in
// place on a TTY (with a bar while bytes flow), appended as plain lines otherwise.
import type { Writable } from 'node:stream';

/** docker's per-layer statuses. */
export type LayerStatus =
  | 'Pulling fs layer' | 'Waiting' | 'Downloading' | 'Verifying Checksum' | 'Download complete' | 'Pull complete' | 'Already exists'
  | 'Preparing' | 'Pushing' | 'Pushed' | 'Layer already exists' | `Mounted from ${string}`;

/** What pull and push report. */
export type TransferEvent =
  | { type: 'message'; text: string }
  | { type: 'layer'; id: string; status: LayerStatus; current?: number; total?: number };

/** Receives transfer events. */
export type TransferProgress = (event: TransferEvent) => void;

const BAR_WIDTH = 50;

function units(bytes: number): string {
  const names = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < names.length - 1) {
    value /= 1000;
    i++;
  }
  return `${i === 0 ? value : value.toFixed(value < 10 ? 3 : value < 100 ? 2 : 1).replace(/\.?0+$/, '')}${names[i]}`;
}

/** docker's progress bar: `[=====>      ]  12.3MB/45.6MB`. */
export function progressBar(current: number, total: number): string {
  if (total <= 0) return units(current);
  const filled = Math.min(BAR_WIDTH, Math.floor((current / total) * BAR_WIDTH));
  const bar = `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 && filled < BAR_WIDTH ? '>' : filled === BAR_WIDTH ? '=' : '>'}${' '.repeat(Math.max(0, BAR_WIDTH - Math.max(filled, 1)))}]`;
  return `${bar}  ${units(current)}/${units(total)}`;
}

/**
 * Draws events as docker does. Byte-progress statuses (Downloading, Pushing) are drawn only on a
 * TTY, like docker's non-terminal output, which prints each status change once.
 */
export class DockerProgressRenderer {
  private readonly ids: string[] = [];
  private readonly lines = new Map<string, string>();
  private drawn = 0;

  constructor(private readonly out: Writable, private readonly tty: boolean) {}

  /** The event sink to give to pull/push. */
  readonly sink: TransferProgress = (event) => {
    if (event.type === 'message') return this.message(event.text);
    const text = event.current !== undefined && event.total !== undefined ? `${event.status} ${progressBar(event.current, event.total)}` : event.status;
    if (!this.tty) {
      if (event.current === undefined) this.out.write(`${event.id}: ${text}\n`);
      return;
    }
    if (!this.lines.has(event.id)) this.ids.push(event.id);
    this.lines.set(event.id, text);
    this.redraw();
  };

  private message(text: string): void {
    if (this.tty) this.redraw(true);
    this.out.write(`${text}\n`);
  }

  /** Rewrites the layer block in place (`final` leaves it and starts below it). */
  private redraw(final = false): void {
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A`);
    for (const id of this.ids) this.out.write(`\x1b[2K${id}: ${this.lines.get(id)}\n`);
    this.drawn = final ? 0 : this.ids.length;
    if (final) {
      this.ids.length = 0;
      this.lines.clear();
    }
  }
}
