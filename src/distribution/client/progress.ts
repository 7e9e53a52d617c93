// Transfer progress as events, and docker's way of drawing them: one line per layer, redrawn in
// place on a TTY (with a bar while bytes flow), appended as plain lines otherwise.
import type { Writable } from 'node:stream';

/** docker's per-layer statuses. */
export type LayerStatus =
  | 'Pulling fs layer' | 'Waiting' | 'Downloading' | 'Verifying Checksum' | 'Download complete' | 'Pull complete' | 'Already exists'
  | 'Preparing' | 'Pushing' | 'Pushed' | 'Layer already exists' | 'Skipped foreign layer' | `Mounted from ${string}`;

/** What pull and push report. */
export type TransferEvent =
  | { type: 'message'; text: string }
  | { type: 'layer'; id: string; status: LayerStatus; current?: number; total?: number };

/** Receives transfer events. */
export type TransferProgress = (event: TransferEvent) => void;

/** go-units' HumanSize: decimal units, 4 significant digits (`12.3MB`). */
function humanSize(bytes: number): string {
  const names = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < names.length - 1) {
    value /= 1000;
    i++;
  }
  return `${Number(value.toPrecision(4))}${names[i]}`;
}

/** docker's progress bar (jsonmessage's JSONProgress): `[=============>      ]   12.3MB/45.6MB`. */
export function progressBar(current: number, total: number): string {
  const numbers = `${humanSize(current).padStart(8)}/${humanSize(total)}`;
  if (total <= 0 || current > total) return numbers;
  const filled = Math.floor(Math.floor((current / total) * 100) / 2);
  return `[${'='.repeat(filled)}>${' '.repeat(Math.max(0, 50 - filled))}] ${numbers}`;
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
