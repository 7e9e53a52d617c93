// `berth build` flags end to end: stdin contexts, tags and ID files, outputs, reproducibility,
// secrets, networks, failures and their clean-up, the cache and `builder prune`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxRootfs, type BerthStore } from '../helpers/busybox.js';
import { requireRoot, requireRunc } from '../helpers/tools.js';
import { imageConfig, runImage, storeWithBusybox, withRootfs } from './build-helpers.js';

let store: BerthStore;
let dir: string;

before(async () => {
  if (process.getuid?.() !== 0) return;
  store = await storeWithBusybox();
  dir = await mkdtemp(join(tmpdir(), 'berth-build-cli-'));
});
after(async () => {
  await store?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A failed or interrupted build leaves no mount, snapshot or runc container of the store behind. */
async function assertNothingLeftBehind(): Promise<void> {
  const mounts = await readFile('/proc/mounts', 'utf8');
  assert.equal(mounts.includes(store.root), false, 'no mount of the store remains');
  const snapshots = await readdir(join(store.root, 'snapshots')).catch(() => []);
  assert.deepEqual(snapshots.filter((n) => !n.startsWith('.')), []);
  const runc = execFileSync('runc', ['--root', join(store.root, 'build-state', 'runc'), 'list', '-q']).toString().trim();
  assert.equal(runc, '');
}

async function context(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

test('stdin: a Dockerfile, a gzip tar context, and -f - with a context directory', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['build', '-t', 'stdin-df', '-'], { input: 'FROM busybox:local\nCMD ["echo", "from-stdin"]\n' });
  assert.equal((await runImage(store.root, 'stdin-df')).stdout, 'from-stdin\n');
  const ctx = await context('stdin-tar', { Dockerfile: 'FROM busybox:local\nCOPY a.txt /a.txt\nCMD ["cat", "/a.txt"]\n', 'a.txt': 'in the tar\n' });
  const tgz = join(dir, 'ctx.tgz');
  execFileSync('tar', ['-czf', tgz, '-C', ctx, '.']);
  await store.berthOk(['build', '-t', 'stdin-tar', '-'], { input: { file: tgz } });
  assert.equal((await runImage(store.root, 'stdin-tar')).stdout, 'in the tar\n');
  await store.berthOk(['build', '-f', '-', '-t', 'stdin-f', ctx], { input: 'FROM busybox:local\nCOPY a.txt /b.txt\nCMD ["cat", "/b.txt"]\n' });
  assert.equal((await runImage(store.root, 'stdin-f')).stdout, 'in the tar\n');
});

test('-q prints the image ID; --iidfile, --metadata-file, several -t and --label', async (t) => {
  if (!requireRunc(t)) return;
  const ctx = await context('ids', { Dockerfile: 'FROM busybox:local\nLABEL a=1\n' });
  const iid = join(dir, 'iid');
  const meta = join(dir, 'meta.json');
  const { stdout, stderr } = await store.berthOk(['build', '-q', '-t', 'one:1', '-t', 'two', '--label', 'b=2', '--iidfile', iid, '--metadata-file', meta, ctx]);
  assert.match(stdout, /^sha256:[a-f0-9]{64}\n$/);
  assert.equal(stderr, '');
  assert.equal(await readFile(iid, 'utf8'), stdout.trim());
  const metadata = JSON.parse(await readFile(meta, 'utf8'));
  assert.equal(metadata['containerimage.config.digest'], stdout.trim());
  assert.equal(metadata['image.name'], 'docker.io/library/one:1,docker.io/library/two:latest');
  assert.deepEqual((await imageConfig(store.root, 'two')).config?.Labels, { a: '1', b: '2' });
});

test('--output type=local, tar, oci and docker', async (t) => {
  if (!requireRunc(t)) return;
  const ctx = await context('outputs', { Dockerfile: 'FROM scratch\nCOPY f.txt /dir/f.txt\n', 'f.txt': 'file\n' });
  const local = join(dir, 'out-local');
  await store.berthOk(['build', '-o', `type=local,dest=${local}`, ctx]);
  assert.equal(await readFile(join(local, 'dir/f.txt'), 'utf8'), 'file\n');
  const rootfsTar = join(dir, 'out.tar');
  await store.berthOk(['build', '-o', `type=tar,dest=${rootfsTar}`, ctx]);
  assert.match(execFileSync('tar', ['-tf', rootfsTar]).toString(), /dir\/f\.txt/);
  await store.berthOk(['build', '-o', 'type=image,name=zstd-img,compression=zstd', ctx]);
  const { openStore } = await import('../../src/store/index.js');
  const view = await (await openStore({ root: store.root })).findImage('zstd-img');
  assert.deepEqual(view.manifest.layers.map((l) => l.mediaType), ['application/vnd.docker.image.rootfs.diff.tar.zstd']);
  for (const type of ['oci', 'docker']) {
    const archive = join(dir, `out-${type}.tar`);
    await store.berthOk(['build', '-t', `arch-${type}`, '-o', `type=${type},dest=${archive}`, ctx]);
    const names = execFileSync('tar', ['-tf', archive]).toString();
    assert.match(names, /index\.json/);
    assert.match(names, /manifest\.json/);
  }
});

test('SOURCE_DATE_EPOCH makes two clean builds give the same image ID', async (t) => {
  if (!requireRunc(t)) return;
  const ctx = await context('repro', { Dockerfile: 'FROM busybox:local\nCOPY f.txt /f.txt\nRUN echo fixed > /built-at && mkdir -p /new/dir\n', 'f.txt': 'same\n' });
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const out = await store.berthOk(['build', '-q', '--no-cache', ctx], { env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
    ids.push(out.stdout.trim());
    await new Promise((r) => setTimeout(r, 1100)); // let the clock move: only the epoch may decide times
  }
  assert.equal(ids[0], ids[1]);
  const config = await imageConfig(store.root, ids[0]);
  assert.equal(config.created, '2023-11-14T22:13:20.000Z');
  await withRootfs(store.root, ids[0], async (rootfs) => assert.ok((await stat(join(rootfs, 'new/dir'))).mtimeMs <= 1700000000000));
});

test('secrets reach RUN but no layer; --network none; --add-host; --build-context; --target skips stages', async (t) => {
  if (!requireRunc(t)) return;
  const secret = join(dir, 'token');
  await writeFile(secret, 's3cret');
  const extra = await context('extra-ctx', { 'named.txt': 'named context\n' });
  const ctx = await context('features', {
    Dockerfile: [
      'FROM busybox:local AS never',
      'RUN exit 7',
      'FROM busybox:local AS main',
      'RUN --mount=type=secret,id=token cat /run/secrets/token > /seen-secret-length && wc -c < /run/secrets/token > /seen-secret-length',
      'RUN --mount=type=secret,id=token,env=TOKEN test "${#TOKEN}" = 6 && echo env-ok > /secret-env',
      'RUN grep -c " lo:" /proc/net/dev > /lo && cat /proc/net/dev | tail -n +3 | wc -l > /interfaces',
      'RUN grep myhost /etc/hosts > /hosts-line',
      'COPY --from=extra named.txt /named.txt',
      '',
    ].join('\n'),
  });
  await store.berthOk(['build', '--target', 'main', '--network', 'none', '--secret', `id=token,src=${secret}`, '--add-host', 'myhost:10.1.2.3', '--build-context', `extra=${extra}`, '-t', 'features', ctx]);
  await withRootfs(store.root, 'features', async (rootfs) => {
    assert.equal((await readFile(join(rootfs, 'seen-secret-length'), 'utf8')).trim(), '6');
    assert.equal(await readFile(join(rootfs, 'secret-env'), 'utf8'), 'env-ok\n');
    assert.equal((await readFile(join(rootfs, 'interfaces'), 'utf8')).trim(), '1');
    assert.match(await readFile(join(rootfs, 'hosts-line'), 'utf8'), /10\.1\.2\.3\s+myhost/);
    assert.equal(await readFile(join(rootfs, 'named.txt'), 'utf8'), 'named context\n');
    await assert.rejects(stat(join(rootfs, 'run/secrets/token')));
  });
  const history = JSON.stringify((await imageConfig(store.root, 'features')).history);
  assert.doesNotMatch(history, /s3cret/);
});

test('a failing RUN reports step, exit code, output and Dockerfile excerpt, and leaves nothing behind', async (t) => {
  if (!requireRunc(t)) return;
  const ctx = await context('fails', { Dockerfile: 'FROM busybox:local\nRUN echo first line && echo to-stderr >&2 && exit 3\nCMD ["true"]\n' });
  const result = await store.berth(['build', '--progress', 'plain', ctx]);
  assert.equal(result.code, 1);
  // stdout and stderr are separate pipes: their lines may come in either order.
  assert.match(result.stderr, / > \[2\/2\] RUN echo first line && echo to-stderr >&2 && exit 3:\n(first line\nto-stderr|to-stderr\nfirst line)\n------/);
  assert.match(result.stderr, /Dockerfile:2\n-+\n\s+1 \|     FROM busybox:local\n\s+2 \| >>> RUN echo first line/);
  assert.match(result.stderr, /ERROR: failed to solve: process "\/bin\/sh -c echo first line && echo to-stderr >&2 && exit 3" did not complete successfully: exit code: 3/);
  await assertNothingLeftBehind();
});

test('# check=error=true fails the build before any step runs; skipped rules do not', async (t) => {
  if (!requireRunc(t)) return;
  const strict = await context('check-error', { Dockerfile: '# check=error=true\nFROM busybox:local AS a\nRUN echo ran-a\nFROM a\nENV a b\nWORKDIR /$NOT_DEFINED\n' });
  const failed = await store.berth(['build', '--progress', 'plain', '-t', 'check-error', strict]);
  assert.equal(failed.code, 1);
  const output = failed.stdout + failed.stderr;
  assert.match(output, /WARNING: "ENV key=value" should be used instead of legacy "ENV key value" format/);
  assert.match(output, /WARNING: Usage of undefined variable '\$NOT_DEFINED'/, 'findings made while expanding a later stage count too');
  assert.match(failed.stderr, /Dockerfile:5\n-+\n(.*\n)* {3}5 \| >>> ENV a b\n/);
  assert.match(failed.stderr, /\nERROR: failed to solve: lint violation found for rules: LegacyKeyValueFormat, UndefinedVar\n$/);
  assert.doesNotMatch(output, /\] RUN echo ran-a|^#\d+ [\d.]+ ran-a$/m, 'no step ran');
  assert.notEqual((await store.berth(['image', 'inspect', 'check-error'])).code, 0, 'nothing was tagged');
  const checked = await store.berth(['build', '--check', strict]);
  assert.equal(checked.code, 1, '--check still fails');
  assert.equal(checked.stdout.match(/^WARNING: /gm)?.length, 2, 'each finding once, the expanded stage included');
  assert.match(checked.stderr, /^\nERROR: lint violation found for rules: LegacyKeyValueFormat, UndefinedVar\nDockerfile:5\n/);

  const skipped = await context('check-skip', { Dockerfile: '# check=skip=LegacyKeyValueFormat,UndefinedVar;error=true\nFROM busybox:local AS a\nRUN echo ran-a\nFROM a\nENV a b\nWORKDIR /$NOT_DEFINED\n' });
  await store.berthOk(['build', '-t', 'check-skip', skipped]);
  assert.equal((await imageConfig(store.root, 'check-skip')).config?.Env?.includes('a=b'), true);
  assert.equal((await store.berth(['build', '--check', skipped])).code, 0);
  await assertNothingLeftBehind();
});

test('--check runs every check a build would, base image ENV included, and prints them like buildx', async (t) => {
  if (!requireRoot(t)) return;
  await store.berthOk(['import', '-c', 'ENV FROM_IMAGE=1', busyboxRootfs(), 'env-base:local']);
  const clean = await context('check-clean', { Dockerfile: 'FROM busybox:local\nCMD ["true"]\n' });
  const none = await store.berth(['build', '--check', clean]);
  assert.deepEqual([none.code, none.stdout], [0, 'Check complete, no warnings found.\n']);

  const findings = await context('check-findings', { Dockerfile: 'FROM env-base:local AS base\nENV IN_BASE=1\nFROM base\nARG DECLARED\nCOPY $DECLARED$IN_BASE$FROM_IMAGE$MISSING /x\nENV a b\n' });
  const found = await store.berth(['build', '--check', findings]);
  assert.equal(found.code, 1, 'buildx exits 1 when a check found something');
  assert.match(found.stdout, /^Check complete, 2 warnings have been found!\n\nWARNING: UndefinedVar - https:\/\/docs.docker.com\/go\/dockerfile\/rule\/undefined-var\/\nUsage of undefined variable '\$MISSING'\nDockerfile:5\n-+\n(.*\n)* {3}5 \| >>> COPY /);
  assert.match(found.stdout, /\nWARNING: LegacyKeyValueFormat - [^\n]+\n"ENV key=value" should be used instead of legacy "ENV key value" format\nDockerfile:6\n/);
  assert.doesNotMatch(found.stdout, /\$(DECLARED|IN_BASE|FROM_IMAGE)'/, 'declared ARGs and the ENV of the base stage and its image are defined');
  assert.equal(found.stderr, '');
});

test('COPY of a file .dockerignore excludes says so', async (t) => {
  if (!requireRunc(t)) return;
  const ctx = await context('ignored', { Dockerfile: 'FROM busybox:local\nCOPY secret.env /\n', 'secret.env': 'x', '.dockerignore': '*.env\n' });
  const result = await store.berth(['build', ctx]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /"\/secret.env" not found/);
  assert.match(result.stderr, /excluded by \.dockerignore/);
});

test('the cache: hits across processes, --no-cache, and builder prune', async (t) => {
  if (!requireRunc(t)) return;
  const ctx = await context('cache', { Dockerfile: 'FROM busybox:local\nRUN echo cached > /c\nCOPY a /a\n', a: 'a' });
  await store.berthOk(['build', ctx]);
  const hit = await store.berthOk(['build', '--progress', 'plain', ctx]);
  assert.equal((hit.stderr.match(/^#\d+ CACHED$/gm) ?? []).length, 2, hit.stderr);
  const miss = await store.berthOk(['build', '--progress', 'plain', '--no-cache', ctx]);
  assert.equal((miss.stderr.match(/^#\d+ CACHED$/gm) ?? []).length, 0);
  await writeFile(join(ctx, 'a'), 'changed');
  const edited = await store.berthOk(['build', '--progress', 'plain', ctx]);
  assert.match(edited.stderr, /RUN echo cached > \/c\n#\d+ CACHED/);
  assert.match(edited.stderr, /COPY a \/a\n#\d+ DONE/);
  const pruned = await store.berthOk(['builder', 'prune', '-a', '-f']);
  assert.match(pruned.stdout, /Total reclaimed space: /);
  const after = await store.berthOk(['build', '--progress', 'plain', ctx]);
  assert.equal((after.stderr.match(/^#\d+ CACHED$/gm) ?? []).length, 0);
});

test('a no-op rebuild keeps the image ID; editing one file re-runs exactly the COPY holding it and what follows, also when size and mtime stay the same', async (t) => {
  if (!requireRunc(t)) return;
  const ctx = await context('one-edit', {
    Dockerfile: 'FROM busybox:local\nCOPY a /a\nCOPY dir/ /dir/\nRUN cat /dir/b > /seen\nCOPY c /c\n',
    a: 'a',
    'dir/b': 'old!',
    'dir/other': 'other',
    c: 'c',
  });
  // Older than the digest cache's racy window, so the first build records every digest and the next ones trust them.
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const first = await store.berthOk(['build', '-q', '-t', 'one-edit', ctx]);
  const iidfile = join(dir, 'one-edit.iid');
  const noop = await store.berthOk(['build', '--progress', 'plain', '--iidfile', iidfile, '-t', 'one-edit', ctx]);
  assert.equal((noop.stderr.match(/^#\d+ CACHED$/gm) ?? []).length, 4, noop.stderr);
  // Like BuildKit, a rebuild served from the cache keeps the history times and so the image ID.
  assert.equal(await readFile(iidfile, 'utf8'), first.stdout.trim());
  execFileSync('touch', ['-r', join(ctx, 'dir/b'), join(dir, 'one-edit-reference')]);
  await writeFile(join(ctx, 'dir/b'), 'new!');
  execFileSync('touch', ['-m', '-r', join(dir, 'one-edit-reference'), join(ctx, 'dir/b')]);
  const edited = await store.berthOk(['build', '--progress', 'plain', '-t', 'one-edit', ctx]);
  assert.match(edited.stderr, /COPY a \/a\n#\d+ CACHED/);
  assert.match(edited.stderr, /COPY dir\/ \/dir\/\n#\d+ DONE/);
  assert.match(edited.stderr, /RUN cat \/dir\/b > \/seen\n#\d+ DONE/);
  assert.match(edited.stderr, /COPY c \/c\n#\d+ DONE/);
  await withRootfs(store.root, 'one-edit', async (rootfs) => assert.equal(await readFile(join(rootfs, 'seen'), 'utf8'), 'new!'));
});

test('the cache keeps its layers through image removal and gc', async (t) => {
  if (!requireRunc(t)) return;
  const ctx = await context('cache-gc', { Dockerfile: 'FROM busybox:local\nRUN echo kept > /k\n' });
  await store.berthOk(['build', '-t', 'cache-gc', ctx]);
  await store.berthOk(['rmi', 'cache-gc']);
  const { openStore } = await import('../../src/store/index.js');
  await (await openStore({ root: store.root })).gc({ graceMs: 0 });
  const again = await store.berthOk(['build', '--progress', 'plain', ctx]);
  assert.match(again.stderr, /RUN echo kept > \/k\n#\d+ CACHED/);
});

test('COPY --link, --parents and --exclude; ONBUILD of a stored image; --no-cache-filter', async (t) => {
  if (!requireRunc(t)) return;
  const base = await context('onbuild-base', { Dockerfile: 'FROM busybox:local\nONBUILD RUN echo triggered > /onbuild.txt\n' });
  await store.berthOk(['build', '-t', 'with-onbuild', base]);
  const ctx = await context('copy-flags', {
    Dockerfile: [
      'FROM with-onbuild AS build',
      'RUN echo build-stage > /b',
      'FROM busybox:local',
      'COPY --link a/x.txt /linked/',
      'COPY --parents a/x.txt b/y.txt /p/',
      'COPY --exclude=*.log a /ex/',
      'COPY --from=build /onbuild.txt /b /from-build/',
      '',
    ].join('\n'),
    'a/x.txt': 'x',
    'a/z.log': 'z',
    'b/y.txt': 'y',
  });
  await store.berthOk(['build', '-t', 'copy-flags', ctx]);
  await withRootfs(store.root, 'copy-flags', async (rootfs) => {
    assert.equal(await readFile(join(rootfs, 'linked/x.txt'), 'utf8'), 'x');
    assert.equal(await readFile(join(rootfs, 'p/a/x.txt'), 'utf8'), 'x');
    assert.equal(await readFile(join(rootfs, 'p/b/y.txt'), 'utf8'), 'y');
    assert.deepEqual((await readdir(join(rootfs, 'ex'))).sort(), ['x.txt']);
    assert.equal(await readFile(join(rootfs, 'from-build/onbuild.txt'), 'utf8'), 'triggered\n');
    assert.equal(await readFile(join(rootfs, 'from-build/b'), 'utf8'), 'build-stage\n');
  });
  assert.equal((await imageConfig(store.root, 'copy-flags')).config?.OnBuild ?? null, null);
  const again = await store.berthOk(['build', '--progress', 'plain', '--no-cache-filter', 'build', '-t', 'copy-flags', ctx]);
  assert.match(again.stderr, /RUN echo build-stage > \/b\n#\d+ DONE/);
  assert.match(again.stderr, /COPY --link a\/x.txt \/linked\/\n#\d+ CACHED/);
});

test('Ctrl-C stops the build and leaves no mounts, containers or snapshots', async (t) => {
  if (!requireRunc(t)) return;
  const ctx = await context('interrupt', { Dockerfile: 'FROM busybox:local\nRUN echo started && sleep 60\n' });
  const { spawn } = await import('node:child_process');
  const { BERTH_BIN } = await import('../helpers/busybox.js');
  const child = spawn(process.execPath, [BERTH_BIN, '--root', store.root, 'build', '--progress', 'plain', ctx], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes('started')) resolve();
  }));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.notEqual(code, 0);
  await assertNothingLeftBehind();
});

test('--cache-to type=local and --cache-from type=local carry the cache to another store', async (t) => {
  if (!requireRunc(t)) return;
  // FROM scratch: each store imports busybox with its own creation time, so only scratch-based keys match across stores.
  const ctx = await context('cache-dir', { Dockerfile: 'FROM scratch\nCOPY f /f\nCOPY a /a\n', f: 'from-cache\n', a: 'a' });
  const cacheDir = join(dir, 'exported-cache');
  await store.berthOk(['build', '--cache-to', `type=local,dest=${cacheDir}`, ctx]);
  const other = await storeWithBusybox();
  try {
    const result = await other.berthOk(['build', '--progress', 'plain', '--cache-from', `type=local,src=${cacheDir}`, '-t', 'from-cache', ctx]);
    assert.equal((result.stderr.match(/^#\d+ CACHED$/gm) ?? []).length, 2, result.stderr);
    await withRootfs(other.root, 'from-cache', async (rootfs) => assert.equal(await readFile(join(rootfs, 'f'), 'utf8'), 'from-cache\n'));
  } finally {
    await other.cleanup();
  }
});
