import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TarHeader } from '../types.js';

const run = promisify(execFile);

/** Node has no mknod(2); the coreutils binary does it (devices and fifos are rare in layers). */
export async function makeNode(path: string, header: TarHeader): Promise<void> {
  const kind = header.type === 'char-device' ? 'c' : header.type === 'block-device' ? 'b' : 'p';
  const numbers = kind === 'p' ? [] : [String(header.devMajor ?? 0), String(header.devMinor ?? 0)];
  await run('mknod', ['-m', (header.mode & 0o777).toString(8), path, kind, ...numbers]);
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Creates many overlayfs whiteouts (0/0 character devices) with one shell process instead of one mknod each. */
export async function makeWhiteouts(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const script = paths.map((path) => `mknod -m 0 ${shellQuote(path)} c 0 0 || exit 1`).join('\n');
  await new Promise<void>((resolve, reject) => {
    const child = execFile('sh', ['-s'], (err) => (err ? reject(err) : resolve()));
    child.stdin!.end(script);
  });
}
