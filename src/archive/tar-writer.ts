// Deterministic tar output for archives: fixed owner, modes and mtime, entries written in the
// order given, file bodies streamed with backpressure.

import type { Readable } from 'node:stream';
import tar from 'tar-stream';

/** Every entry's mtime: the epoch, so the same images always give the same bytes. */
const MTIME = new Date(0);

/** A tar being written to a stream. */
export class ArchiveTarWriter {
  /** The tar bytes; pipe it to the destination. */
  readonly stream: tar.Pack = tar.pack();

  /** Adds a directory entry (`name` without the trailing slash). */
  async directory(name: string): Promise<void> {
    await this.add({ name: `${name}/`, type: 'directory', mode: 0o755 }, Buffer.alloc(0));
  }

  /** Adds a small in-memory file. */
  async file(name: string, body: Buffer): Promise<void> {
    await this.add({ name, type: 'file', mode: 0o644, size: body.length }, body);
  }

  /** Adds a file of known size streamed from `body`. */
  async streamFile(name: string, size: number, body: Readable): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const header = { name, type: 'file' as const, mode: 0o644, size, mtime: MTIME, uid: 0, gid: 0, uname: '', gname: '' };
      const entry = this.stream.entry(header, (err) => (err ? reject(err) : resolve()));
      body.on('error', (err) => {
        entry.destroy(err);
        reject(err);
      });
      body.pipe(entry);
    });
  }

  /** Ends the tar (writes the two zero blocks). */
  finalize(): void {
    this.stream.finalize();
  }

  private add(header: Partial<tar.Header> & { name: string }, body: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.entry({ ...header, mtime: MTIME, uid: 0, gid: 0, uname: '', gname: '' }, body, (err) => (err ? reject(err) : resolve()));
    });
  }
}
