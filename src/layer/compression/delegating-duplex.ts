import { Duplex, type Readable, type Writable } from 'node:stream';

/**
 * A Duplex whose writable side feeds `input` and whose readable side is `output` (one zlib
 * stream, or a child process's stdin/stdout). Errors from either side are passed through
 * `mapError` so callers see one BerthError instead of a raw zlib or EPIPE error.
 */
export class DelegatingDuplex extends Duplex {
  private readonly input: Writable;
  private readonly output: Readable;
  private readonly mapError: (err: Error) => Error;
  private readonly onDestroy: () => void;

  constructor(input: Writable, output: Readable, mapError: (err: Error) => Error, onDestroy: () => void = () => undefined) {
    super();
    this.input = input;
    this.output = output;
    this.mapError = mapError;
    this.onDestroy = onDestroy;
    output.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) output.pause();
    });
    output.on('end', () => this.push(null));
    output.on('error', (err) => this.destroy(this.mapError(err)));
    if (input !== (output as unknown)) input.on('error', (err) => this.destroy(this.mapError(err)));
    output.pause();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.input.write(chunk)) callback();
    else this.input.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.input.end(() => callback());
  }

  override _read(): void {
    this.output.resume();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.onDestroy();
    if (!this.input.destroyed) this.input.destroy();
    if (!this.output.destroyed) this.output.destroy();
    callback(err);
  }
}
