// Small tar surgery for archive tests: read a (small) tar into memory, edit its entries, write
// it back. Only for test fixtures of a few MB; real code streams.
import { readFile, writeFile } from 'node:fs/promises';
import tar from 'tar-stream';

/** One tar entry held in memory. */
export interface FixtureEntry {
  header: tar.Header;
  body: Buffer;
}

/** Reads every entry of an uncompressed tar file. */
export async function readTarFile(path: string): Promise<FixtureEntry[]> {
  const extract = tar.extract();
  const entries: FixtureEntry[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push({ header: entry.header, body: Buffer.concat(chunks) });
    }
  })();
  extract.end(await readFile(path));
  await done;
  return entries;
}

/** Writes entries as a tar file (sizes taken from the bodies). */
export async function writeTarFile(path: string, entries: FixtureEntry[]): Promise<void> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const { header, body } of entries) {
    await new Promise<void>((resolve, reject) => {
      pack.entry({ ...header, size: header.type === 'file' ? body.length : 0 }, header.type === 'file' ? body : Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await collected;
  await writeFile(path, Buffer.concat(chunks));
}

/** Rewrites a tar file: `edit` returns the new entry list. */
export async function editTarFile(from: string, to: string, edit: (entries: FixtureEntry[]) => FixtureEntry[]): Promise<void> {
  await writeTarFile(to, edit(await readTarFile(from)));
}
