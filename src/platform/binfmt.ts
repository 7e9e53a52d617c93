// binfmt_misc: which foreign ELF binaries the kernel hands to an emulator (qemu-user-static).
// A handler is matched to a platform by testing its magic/mask against a sample ELF header of
// that architecture, so handlers registered under any name (Debian's `qemu-arm`, tonistiigi's
// binfmt, a hand-written one) are found.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the kernel exposes binfmt_misc. */
export const BINFMT_MISC_DIR = '/proc/sys/fs/binfmt_misc';

/** One registered binfmt_misc handler (`/proc/sys/fs/binfmt_misc/NAME`). */
export interface BinfmtHandler {
  name: string;
  enabled: boolean;
  interpreter: string;
  /** Flags letters, e.g. `OCF` or `POCF`; `F` (fix binary) makes the handler work inside containers. */
  flags: string;
  offset: number;
  /** Magic bytes (absent for extension handlers). */
  magic?: Buffer;
  mask?: Buffer;
}

/** Parses the text of one handler file, e.g. `enabled\ninterpreter /usr/bin/qemu-arm-static\nflags: OCF\noffset 0\nmagic 7f454c46…\nmask ffffff…`. */
export function parseBinfmtHandler(name: string, text: string): BinfmtHandler {
  const lines = text.split('\n');
  const field = (key: string): string | undefined => {
    const line = lines.find((l) => l.startsWith(`${key} `) || l.startsWith(`${key}: `) || l === `${key}:`);
    return line?.slice(key.length).replace(/^:?\s*/, '').trim();
  };
  const hex = (key: string): Buffer | undefined => {
    const value = field(key);
    return value === undefined ? undefined : Buffer.from(value, 'hex');
  };
  const handler: BinfmtHandler = {
    name,
    enabled: lines[0]?.trim() === 'enabled',
    interpreter: field('interpreter') ?? '',
    flags: field('flags') ?? '',
    offset: Number.parseInt(field('offset') ?? '0', 10) || 0,
  };
  const magic = hex('magic');
  if (magic !== undefined) handler.magic = magic;
  const mask = hex('mask');
  if (mask !== undefined) handler.mask = mask;
  return handler;
}

/** True when `handler` claims a file starting with `header` (magic compared under the mask, like the kernel). */
export function handlerMatches(handler: BinfmtHandler, header: Buffer): boolean {
  const { magic, mask, offset } = handler;
  if (magic === undefined || offset + magic.length > header.length) return false;
  for (let i = 0; i < magic.length; i++) {
    const m = mask?.[i] ?? 0xff;
    if ((header[offset + i] & m) !== (magic[i] & m)) return false;
  }
  return true;
}

/**
 * The registered handlers, or undefined when binfmt_misc is not mounted (no `register` file).
 * `dir` is for tests.
 */
export async function readBinfmtHandlers(dir = BINFMT_MISC_DIR): Promise<BinfmtHandler[] | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  if (!names.includes('register')) return undefined;
  const handlers: BinfmtHandler[] = [];
  for (const name of names.filter((n) => n !== 'register' && n !== 'status').sort()) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) handlers.push(parseBinfmtHandler(name, text));
  }
  return handlers;
}
