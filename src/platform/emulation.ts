// Can this host run a platform's binaries? Natively (containerd's compatibility order), or
// through a binfmt_misc handler (qemu-user-static) that carries the F flag, so the kernel opens
// the emulator when registering it and runc containers, which cannot see the host's
// /usr/libexec/qemu-binfmt, still run foreign binaries.

import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { BerthError, formatPlatform, hostPlatform, normalizePlatform, platformRank, type Platform } from '../core/index.js';
import { BINFMT_MISC_DIR, handlerMatches, readBinfmtHandlers, type BinfmtHandler } from './binfmt.js';

/** How an architecture's ELF binaries look and which qemu-user-static handler runs them. */
interface ElfArch {
  /** Debian's binfmt name (`update-binfmts --enable NAME`). */
  qemu: string;
  /** ELF class: 1 = 32-bit, 2 = 64-bit. */
  elfClass: 1 | 2;
  /** 1 = little endian, 2 = big endian. */
  endian: 1 | 2;
  /** e_machine. */
  machine: number;
  /** What `uname -m` says under this architecture. */
  uname: string;
}

const ELF_ARCHES: Record<string, ElfArch> = {
  amd64: { qemu: 'qemu-x86_64', elfClass: 2, endian: 1, machine: 0x3e, uname: 'x86_64' },
  '386': { qemu: 'qemu-i386', elfClass: 1, endian: 1, machine: 0x03, uname: 'i686' },
  arm: { qemu: 'qemu-arm', elfClass: 1, endian: 1, machine: 0x28, uname: 'armv7l' },
  arm64: { qemu: 'qemu-aarch64', elfClass: 2, endian: 1, machine: 0xb7, uname: 'aarch64' },
  ppc64le: { qemu: 'qemu-ppc64le', elfClass: 2, endian: 1, machine: 0x15, uname: 'ppc64le' },
  s390x: { qemu: 'qemu-s390x', elfClass: 2, endian: 2, machine: 0x16, uname: 's390x' },
  riscv64: { qemu: 'qemu-riscv64', elfClass: 2, endian: 1, machine: 0xf3, uname: 'riscv64' },
};

/** The Debian package that provides the emulators. */
export const QEMU_PACKAGE = 'qemu-user-static';

/** How a platform's binaries run here. */
export type Emulation = { native: true } | { native: false; handler: BinfmtHandler };

/** The first 20 bytes of an executable of `architecture` (what binfmt_misc magics are written against). */
export function elfHeader(architecture: string): Buffer | undefined {
  const arch = ELF_ARCHES[architecture];
  if (arch === undefined) return undefined;
  const header = Buffer.alloc(20);
  header.set([0x7f, 0x45, 0x4c, 0x46, arch.elfClass, arch.endian, 1], 0);
  const write16 = (value: number, at: number) => (arch.endian === 1 ? header.writeUInt16LE(value, at) : header.writeUInt16BE(value, at));
  write16(2, 16); // ET_EXEC
  write16(arch.machine, 18);
  return header;
}

/** `uname -m` of a process running as `platform` (`armv7l`, `aarch64`, `x86_64`), when known. */
export function unameMachine(platform: Platform): string | undefined {
  return ELF_ARCHES[normalizePlatform(platform).architecture]?.uname;
}

/** True when the host runs `platform`'s binaries without emulation (amd64 runs 386, arm64 runs arm). */
export function runsNatively(platform: Platform, host: Platform = hostPlatform()): boolean {
  return platformRank(host, platform) !== -1;
}

/** The registration command a user runs for `architecture` (Debian's qemu-user-static + binfmt-support). */
export function registrationHint(architecture: string): string {
  const name = ELF_ARCHES[architecture]?.qemu ?? `qemu-${architecture}`;
  return `apt-get install ${QEMU_PACKAGE} binfmt-support && update-binfmts --enable ${name}`;
}

/**
 * Mounts binfmt_misc when it is not (needs root; harmless when it already is). Registering
 * handlers is left to the administrator (registrationHint), since it changes the whole host.
 */
export async function mountBinfmtMisc(dir = BINFMT_MISC_DIR): Promise<void> {
  if ((await readBinfmtHandlers(dir)) !== undefined) return;
  await mkdir(dir, { recursive: true }).catch(() => undefined);
  await promisify(execFile)('mount', ['-t', 'binfmt_misc', 'binfmt_misc', dir]).catch(() => undefined);
}

/**
 * How this host runs `platform`: natively, or through the enabled binfmt_misc handler with the F
 * flag that claims its binaries. Throws PLATFORM_EMULATION_MISSING naming the package and the
 * command that registers the handler when there is none (or it is disabled, or lacks F).
 */
export async function checkEmulation(platform: Platform, options: { host?: Platform; binfmtDir?: string } = {}): Promise<Emulation> {
  const host = options.host ?? hostPlatform();
  if (runsNatively(platform, host)) return { native: true };
  const target = normalizePlatform(platform);
  const shown = formatPlatform(target);
  const header = elfHeader(target.architecture);
  if (target.os !== 'linux' || header === undefined) {
    throw new BerthError('PLATFORM_UNSUPPORTED', `cannot run ${shown} binaries on ${formatPlatform(host)}: no emulator is known for it`, { hint: 'build on a machine of that platform' });
  }
  const dir = options.binfmtDir ?? BINFMT_MISC_DIR;
  if (options.binfmtDir === undefined) await mountBinfmtMisc(dir);
  const handlers = (await readBinfmtHandlers(dir)) ?? [];
  const claiming = handlers.filter((h) => handlerMatches(h, header));
  const usable = claiming.find((h) => h.enabled && h.flags.includes('F'));
  if (usable !== undefined) return { native: false, handler: usable };
  const hint = registrationHint(target.architecture);
  const found = claiming[0];
  const why =
    found === undefined
      ? `no binfmt_misc handler for ${target.architecture} is registered in ${dir}`
      : !found.enabled
        ? `the binfmt_misc handler ${found.name} is disabled`
        : `the binfmt_misc handler ${found.name} lacks the F (fix binary) flag, so it cannot work inside containers`;
  throw new BerthError('PLATFORM_EMULATION_MISSING', `cannot run ${shown} binaries on ${formatPlatform(host)}: ${why}`, { hint });
}
