import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import tar from 'tar-stream';
import { tarFiles } from './files.js';

test('tarFiles: reads entries in place, PAX long names, symlinked and hard-linked entries, JSON', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-analyze-tar-'));
  try {
    const long = `${'d'.repeat(120)}/layer.tar`;
    const pack = tar.pack();
    pack.entry({ name: 'manifest.json' }, '[{"Config":"c.json"}]');
    pack.entry({ name: long }, 'layer bytes');
    pack.entry({ name: 'link/layer.tar', type: 'symlink', linkname: `../${long}` });
    pack.entry({ name: 'hard.tar', type: 'link', linkname: long });
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    await writeFile(join(dir, 'a.tar'), Buffer.concat(chunks));
    const files = await tarFiles(join(dir, 'a.tar'));
    assert.deepEqual(await files.readJson('manifest.json'), [{ Config: 'c.json' }]);
    assert.equal(await text(await files.open(long)), 'layer bytes');
    assert.equal(await text(await files.open('./link/layer.tar')), 'layer bytes');
    assert.equal(await text(await files.open('hard.tar')), 'layer bytes');
    assert.equal(files.has('absent.json'), false);
    await assert.rejects(files.readJson('absent.json'), /no entry absent\.json in the archive/);
    await files.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
