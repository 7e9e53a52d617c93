import type { FileHandle } from 'node:fs/promises';
import { BerthError } from '../core/index.js';

/**
 * Bytes written between background fdatasyncs: the disk starts writing a large blob while the rest
 * is still being produced, so the final fsync waits for the last step only, not for the whole file.
 */
const WRITEBACK_STEP = 32 * 1024 * 1024;

/**
 * Appends batches to a file with one write in flight while the caller hashes the next batch, and
 * starts writeback in the background every WRITEBACK_STEP bytes (never two at once). `finish`
 * waits for all of it and fsyncs: the file is as durable as with one write and one fsync.
 */
export class PipelinedWriter {
  private pending: Promise<void> = Promise.resolve();
  private writeback: Promise<void> | undefined;
  private sinceWriteback = 0;
  /** A failed background datasync: the kernel reports a writeback error once per open file, so it is kept for finish. */
  private writebackError: unknown;

  constructor(private readonly handle: FileHandle) {}

  /** Queues `batch` (`bytes` long) after the previous write; resolves once the previous write is done. */
  async write(batch: Uint8Array[], bytes: number): Promise<void> {
    await this.pending;
    this.pending = this.handle.writev(batch).then(({ bytesWritten }) => {
      if (bytesWritten !== bytes) throw new BerthError('BLOB_WRITE_SHORT', `short write into the store's ingest dir: ${bytesWritten} of ${bytes} bytes`);
    });
    // Observed by the next write or by finish; a source failing meanwhile must not leave it unhandled.
    this.pending.catch(() => undefined);
    this.sinceWriteback += bytes;
    if (this.sinceWriteback >= WRITEBACK_STEP && this.writeback === undefined) {
      this.sinceWriteback = 0;
      this.writeback = this.pending
        .then(() => this.handle.datasync())
        .catch((err: unknown) => {
          this.writebackError ??= err;
        })
        .finally(() => {
          this.writeback = undefined;
        });
    }
  }

  /** Waits for the last write and any writeback, then fsyncs the file. */
  async finish(): Promise<void> {
    await this.pending;
    await this.writeback;
    if (this.writebackError !== undefined) throw this.writebackError;
    await this.handle.sync();
  }
}
