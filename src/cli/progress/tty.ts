import type { BuildEvent } from '../../build/index.js';

interface Row {
  name: string;
  start: number;
  end?: number;
  cached?: boolean;
  error?: boolean;
  logs: string[];
}

const LOG_LINES = 6;

/**
 * A live BuildKit-style view for terminals: `[+] Building 3.2s (4/7)`, one line per step with its
 * duration or CACHED, and the last lines of output under running steps. Redrawn in place.
 */
export class TtyRenderer {
  private readonly rows = new Map<string, Row>();
  private readonly order: string[] = [];
  private readonly warnings: string[] = [];
  private readonly started = Date.now();
  private drawn = 0;
  private timer: NodeJS.Timeout;

  constructor(private readonly out: NodeJS.WriteStream) {
    this.timer = setInterval(() => this.draw(), 150);
    this.timer.unref();
  }

  private row(id: string, name: string, time: number): Row {
    let row = this.rows.get(id);
    if (!row) {
      row = { name, start: time, logs: [] };
      this.rows.set(id, row);
      this.order.push(id);
    }
    return row;
  }

  /** Handles one event. */
  handle(event: BuildEvent): void {
    if (event.type === 'warning') this.warnings.push(event.message);
    else if (event.type === 'vertex-start') this.row(event.id, event.name, event.time);
    else if (event.type === 'vertex-cached') Object.assign(this.row(event.id, event.name, event.time), { cached: true, end: event.time });
    else {
      const row = this.rows.get(event.id);
      if (!row) return;
      if (event.type === 'vertex-log') row.logs = [...row.logs, ...event.data.replace(/\n$/, '').split('\n')].slice(-LOG_LINES);
      else if (event.type === 'vertex-status') row.logs = [...row.logs, event.message].slice(-LOG_LINES);
      else if (event.type === 'vertex-done') row.end = event.time;
      else if (event.type === 'vertex-error') Object.assign(row, { end: event.time, error: true });
    }
  }

  private lines(now: number): string[] {
    const width = this.out.columns || 100;
    const done = this.order.filter((id) => this.rows.get(id)!.end !== undefined).length;
    const lines = [`[+] Building ${((now - this.started) / 1000).toFixed(1)}s (${done}/${this.order.length})${done === this.order.length ? ' FINISHED' : ''}`];
    for (const id of this.order) {
      const row = this.rows.get(id)!;
      const status = row.cached ? 'CACHED' : `${(((row.end ?? now) - row.start) / 1000).toFixed(1)}s`;
      const prefix = row.error ? ' => ERROR ' : ' => ';
      const name = `${prefix}${row.name}`.slice(0, Math.max(10, width - status.length - 2));
      lines.push(`${name.padEnd(width - status.length - 1)}${status}`);
      if (row.end === undefined || row.error) for (const log of row.logs) lines.push(`\x1b[2m => => # ${log}`.slice(0, width + 4) + '\x1b[0m');
    }
    // Redrawing moves the cursor up: never draw more lines than the terminal shows.
    const max = Math.max(3, (this.out.rows || 40) - 1);
    return lines.length <= max ? lines : [lines[0], ...lines.slice(lines.length - max + 1)];
  }

  private draw(): void {
    const lines = this.lines(Date.now());
    let text = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    text += lines.map((l) => `\x1b[2K${l}\n`).join('');
    this.out.write(text);
    this.drawn = lines.length;
  }

  /** Draws the final state and stops redrawing. */
  finish(): void {
    clearInterval(this.timer);
    this.draw();
    for (const w of this.warnings) this.out.write(`WARNING: ${w}\n`);
  }
}
