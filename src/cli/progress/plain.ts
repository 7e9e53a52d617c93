import type { BuildEvent } from '../../build/index.js';

/** Renders build events line by line like BuildKit's `--progress=plain` (`#5 [2/4] RUN …`, `#5 CACHED`, `#5 DONE 0.3s`). */
export class PlainRenderer {
  private readonly numbers = new Map<string, { n: number; start: number }>();
  private next = 1;

  constructor(private readonly write: (text: string) => void) {}

  private number(id: string, time: number): { n: number; start: number } {
    let v = this.numbers.get(id);
    if (!v) {
      v = { n: this.next++, start: time };
      this.numbers.set(id, v);
    }
    return v;
  }

  /** Handles one event. */
  handle(event: BuildEvent): void {
    switch (event.type) {
      case 'vertex-start': {
        const v = this.number(event.id, event.time);
        this.write(`#${v.n} ${event.name}\n`);
        break;
      }
      case 'vertex-cached': {
        const v = this.number(event.id, event.time);
        this.write(`#${v.n} ${event.name}\n#${v.n} CACHED\n\n`);
        break;
      }
      case 'vertex-status': {
        const v = this.number(event.id, event.time);
        this.write(`#${v.n} ${event.message}\n`);
        break;
      }
      case 'vertex-log': {
        const v = this.number(event.id, event.time);
        const offset = ((event.time - v.start) / 1000).toFixed(3);
        for (const line of event.data.replace(/\n$/, '').split('\n')) this.write(`#${v.n} ${offset} ${line}\n`);
        break;
      }
      case 'vertex-done': {
        const v = this.number(event.id, event.time);
        this.write(`#${v.n} DONE ${((event.time - v.start) / 1000).toFixed(1)}s\n\n`);
        break;
      }
      case 'vertex-error': {
        const v = this.number(event.id, event.time);
        this.write(`#${v.n} ERROR: ${event.error}\n\n`);
        break;
      }
      case 'warning':
        this.write(`WARNING: ${event.message}\n`);
        break;
    }
  }

  /** Nothing to flush: every line is written as it comes. */
  finish(): void {}
}
