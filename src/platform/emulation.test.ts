import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBerthError, parsePlatform, type Platform } from '../core/index.js';
import { handlerMatches, parseBinfmtHandler, readBinfmtHandlers } from './binfmt.js';
import { checkEmulation, elfHeader, runsNatively, unameMachine } from './emulation.js';

// Exactly what the kernel prints for Debian's qemu-user-static entries (update-binfmts --enable).
const QEMU_ARM = `enabled
interpreter /usr/libexec/qemu-binfmt/arm-binfmt-P
flags: POCF
offset 0
magic 7f454c4601010100000000000000000002002800
mask ffffffffffffff00fffffffffffffffffeffffff
`;
const QEMU_AARCH64 = `enabled
interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
flags: POC
offset 0
magic 7f454c460201010000000000000000000200b700
mask ffffffffffffff00fffffffffffffffffeffffff
`;
const AMD64: Platform = { os: 'linux', architecture: 'amd64' };

async function withBinfmtDir(files: Record<string, string>, run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-binfmt-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('parseBinfmtHandler reads the kernel format', () => {
  const handler = parseBinfmtHandler('qemu-arm', QEMU_ARM);
  assert.equal(handler.enabled, true);
  assert.equal(handler.interpreter, '/usr/libexec/qemu-binfmt/arm-binfmt-P');
  assert.equal(handler.flags, 'POCF');
  assert.equal(handler.offset, 0);
  assert.equal(handler.magic?.toString('hex'), '7f454c4601010100000000000000000002002800');
  assert.equal(parseBinfmtHandler('x', 'disabled\ninterpreter /x\n').enabled, false);
});

test('a handler matches the ELF header of its architecture only', () => {
  const arm = parseBinfmtHandler('qemu-arm', QEMU_ARM);
  const aarch64 = parseBinfmtHandler('qemu-aarch64', QEMU_AARCH64);
  assert.equal(handlerMatches(arm, elfHeader('arm')!), true);
  assert.equal(handlerMatches(arm, elfHeader('arm64')!), false);
  assert.equal(handlerMatches(aarch64, elfHeader('arm64')!), true);
  assert.equal(handlerMatches(aarch64, elfHeader('amd64')!), false);
  // The mask ignores the low bit of e_type: shared objects (ET_DYN = 3) are claimed too.
  const dyn = elfHeader('arm')!;
  dyn.writeUInt16LE(3, 16);
  assert.equal(handlerMatches(arm, dyn), true);
});

test('native platforms need no handler; uname names', async () => {
  assert.equal(runsNatively(parsePlatform('linux/386'), AMD64), true);
  assert.equal(runsNatively(parsePlatform('linux/arm/v7'), AMD64), false);
  assert.equal(runsNatively(parsePlatform('linux/arm/v7'), { os: 'linux', architecture: 'arm64' }), true);
  assert.deepEqual(await checkEmulation(parsePlatform('linux/amd64'), { host: AMD64, binfmtDir: '/nonexistent' }), { native: true });
  assert.equal(unameMachine(parsePlatform('linux/arm/v7')), 'armv7l');
  assert.equal(unameMachine(parsePlatform('linux/arm64')), 'aarch64');
});

test('checkEmulation finds an enabled F handler and explains every other case', async () => {
  await withBinfmtDir({ register: '', status: 'enabled\n', 'qemu-arm': QEMU_ARM, 'qemu-aarch64': QEMU_AARCH64 }, async (dir) => {
    assert.equal((await readBinfmtHandlers(dir))?.length, 2);
    const arm = await checkEmulation(parsePlatform('linux/arm/v7'), { host: AMD64, binfmtDir: dir });
    assert.equal(arm.native === false && arm.handler.name, 'qemu-arm');
    await assert.rejects(checkEmulation(parsePlatform('linux/arm64'), { host: AMD64, binfmtDir: dir }), (err) => {
      assert.ok(isBerthError(err, 'PLATFORM_EMULATION_MISSING'));
      assert.match(err.message, /cannot run linux\/arm64 binaries on linux\/amd64: the binfmt_misc handler qemu-aarch64 lacks the F \(fix binary\) flag/);
      assert.equal(err.hint, 'apt-get install qemu-user-static binfmt-support && update-binfmts --enable qemu-aarch64');
      return true;
    });
    await assert.rejects(checkEmulation(parsePlatform('linux/riscv64'), { host: AMD64, binfmtDir: dir }), /no binfmt_misc handler for riscv64 is registered/);
  });
  await withBinfmtDir({ register: '', 'qemu-arm': QEMU_ARM.replace('enabled', 'disabled') }, async (dir) => {
    await assert.rejects(checkEmulation(parsePlatform('linux/arm'), { host: AMD64, binfmtDir: dir }), /handler qemu-arm is disabled/);
  });
  await assert.rejects(checkEmulation(parsePlatform('windows/amd64'), { host: AMD64 }), (err) => isBerthError(err, 'PLATFORM_UNSUPPORTED'));
});
