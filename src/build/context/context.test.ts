import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openContext } from './open.js';
import type { BuildContext } from './types.js';

async function walk(ctx: BuildContext, dir = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await ctx.readdir(dir)) {
    out.push(e.type === 'dir' ? `${e.path}/` : e.path);
    if (e.type === 'dir') out.push(...(await walk(ctx, e.path)));
  }
  return out;
}

async function fixture(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-ctx-test-'));
  await mkdir(join(dir, 'node_modules/pkg'), { recursive: true });
  await mkdir(join(dir, 'logs'));
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'node_modules/pkg/index.js'), 'x');
  await writeFile(join(dir, 'logs/a.log'), 'a');
  await writeFile(join(dir, 'logs/keep.log'), 'k');
  await writeFile(join(dir, 'src/main.js'), 'main');
  await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\n');
  await writeFile(join(dir, '.dockerignore'), '# NodeJS modules\n/node_modules\nlogs/*.log\n!logs/keep.log\n');
  return dir;
}

test('a directory context applies .dockerignore like docker, exceptions included', async () => {
  const dir = await fixture();
  try {
    const { context, dockerfileText } = await openContext({ path: dir });
    assert.equal(dockerfileText, 'FROM scratch\n');
    assert.deepEqual(await walk(context), ['.dockerignore', 'Dockerfile', 'logs/', 'logs/keep.log', 'src/', 'src/main.js']);
    assert.equal(await context.stat('logs/a.log'), undefined);
    assert.equal(context.isIgnored('node_modules/pkg/index.js'), true);
    const main = await context.stat('src/main.js');
    assert.ok(main);
    assert.equal(await context.fileDigest(main), 'sha256:' + execFileSync('sha256sum', [join(dir, 'src/main.js')]).toString().split(' ')[0]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('<Dockerfile>.dockerignore beside the Dockerfile wins over .dockerignore', async () => {
  const dir = await fixture();
  try {
    await mkdir(join(dir, 'build'));
    await writeFile(join(dir, 'build/app.Dockerfile'), 'FROM scratch\nCOPY . .\n');
    await writeFile(join(dir, 'build/app.Dockerfile.dockerignore'), 'src\nnode_modules\nlogs\n');
    const { context, dockerfileText } = await openContext({ path: dir, dockerfile: join(dir, 'build/app.Dockerfile') });
    assert.match(dockerfileText, /COPY/);
    assert.deepEqual(await walk(context), ['.dockerignore', 'Dockerfile', 'build/', 'build/app.Dockerfile', 'build/app.Dockerfile.dockerignore']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('stdin may carry a gzip tar context or a bare Dockerfile', async () => {
  const dir = await fixture();
  const tarball = join(tmpdir(), `berth-ctx-${process.pid}.tgz`);
  try {
    execFileSync('tar', ['-czf', tarball, '-C', dir, '.']);
    const fromTar = await openContext({ path: '-', stdin: createReadStream(tarball) });
    assert.equal(fromTar.dockerfileText, 'FROM scratch\n');
    assert.deepEqual(await walk(fromTar.context), ['.dockerignore', 'Dockerfile', 'logs/', 'logs/keep.log', 'src/', 'src/main.js']);
    await fromTar.context.close();
    const fromText = await openContext({ path: '-', stdin: Readable.from([Buffer.from('FROM scratch\nCMD ["x"]\n')]) });
    assert.equal(fromText.dockerfileText, 'FROM scratch\nCMD ["x"]\n');
    assert.deepEqual(await walk(fromText.context), []);
    await fromText.context.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(tarball, { force: true });
  }
});

test('a tar entry escaping through a symlink is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-ctx-evil-'));
  try {
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'src/x'), 'x');
    execFileSync('ln', ['-s', '/tmp', join(dir, 'link')]);
    execFileSync('sh', ['-c', `cd ${dir} && tar -cf evil.tar link && tar -rf evil.tar --transform 's,^src,link,' src/x`]);
    await assert.rejects(openContext({ path: '-', stdin: createReadStream(join(dir, 'evil.tar')) }), /symlink|outside|unsafe/i);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
