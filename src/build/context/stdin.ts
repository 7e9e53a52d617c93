import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { layer } from '../lazy.js';
import { looksLikeTar, peek } from './peek.js';

/** What `berth build -` received on stdin. */
export type StdinPayload = { kind: 'tar'; dir: string } | { kind: 'dockerfile'; text: string };

/** Reads a whole (small) stream as UTF-8 text. */
export async function readText(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads stdin for `berth build -`: a tar (plain or gzip/bzip2/xz/zstd) is unpacked into a new temp
 * dir with the layer module's safe extraction (nothing may land outside it), anything else is a
 * Dockerfile (docker's rule, decided by the first bytes).
 */
export async function readStdinPayload(input: Readable, tempRoot = tmpdir()): Promise<StdinPayload> {
  const { head, stream } = await peek(input, 512);
  const { applyLayer, decompressAuto, detectCompression } = await layer();
  if (detectCompression(head) === 'none' && !looksLikeTar(head)) return { kind: 'dockerfile', text: await readText(stream) };
  const dir = await mkdtemp(join(tempRoot, 'berth-context-'));
  try {
    await applyLayer((await decompressAuto(stream)).stream, dir, { whiteouts: false, format: 'plain' });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { kind: 'tar', dir };
}
