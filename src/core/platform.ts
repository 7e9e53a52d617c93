// Platforms parsed, normalized and matched like containerd's `platforms` package: `linux/arm/v7`,
// `arm64` (= `arm64/v8`), `x86_64` → `amd64`, `aarch64` → `arm64`, `linux/arm` → variant v7,
// amd64 micro-architecture levels v1…v4, and the compatibility order used to pick a manifest
// from an index (a host runs its own platform first, then older variants).

import { BerthError } from './errors.js';
import type { Platform } from './types.js';

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);
const ARCH_ALIASES: Record<string, string> = { i386: '386', x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };

/** Normalizes an OS name (lowercase; `macos` → `darwin`). */
export function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === 'macos' ? 'darwin' : lower;
}

/**
 * Normalizes an architecture and variant as containerd does: `x86_64` → amd64 (v1 dropped),
 * `aarch64`/`arm64` v8 → arm64 with no variant, `armhf` → arm/v7, `armel` → arm/v6, `arm` →
 * v7 by default, bare variant numbers get a `v`.
 */
export function normalizeArch(arch: string, variant = ''): { architecture: string; variant: string } {
  const lowerArch = arch.toLowerCase();
  let v = variant.toLowerCase();
  const architecture = ARCH_ALIASES[lowerArch] ?? lowerArch;
  if (lowerArch === 'armhf') v = 'v7';
  if (lowerArch === 'armel') v = 'v6';
  switch (architecture) {
    case '386':
      v = '';
      break;
    case 'amd64':
      if (v === 'v1') v = '';
      break;
    case 'arm64':
      if (v === '8' || v === 'v8' || v === 'v8.0') v = '';
      else if (v === '9' || v === '9.0' || v === 'v9.0') v = 'v9';
      break;
    case 'arm':
      if (v === '' || v === '7') v = 'v7';
      else if (v === '5' || v === '6' || v === '8') v = `v${v}`;
      break;
  }
  return { architecture, variant: v };
}

/** A platform with OS and architecture normalized and the variant made canonical (see normalizeArch). */
export function normalizePlatform(platform: Platform): Platform {
  const { architecture, variant } = normalizeArch(platform.architecture, platform.variant ?? '');
  const result: Platform = { ...platform, os: normalizeOs(platform.os), architecture };
  if (variant === '') delete result.variant;
  else result.variant = variant;
  return result;
}

/**
 * Parses `os[/arch[/variant]]` or a bare `arch` like containerd: a lone known OS takes the host
 * architecture, a lone known architecture takes the host OS. `os(version)` sets `os.version`.
 * The result is normalized the way containerd's Parse leaves it (`linux/arm` keeps no variant,
 * `linux/arm64/v8` keeps v8); compare with platformsMatch, which normalizes both sides.
 */
export function parsePlatform(specifier: string, host: Platform = hostPlatform()): Platform {
  const fail = (why: string): never => {
    throw new BerthError('PLATFORM_INVALID', `invalid platform "${specifier}": ${why}`, { hint: 'use OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm/v7' });
  };
  if (specifier.includes('*')) fail('wildcards are not supported');
  const parts = specifier.split('/');
  if (parts.some((part) => part === '' || !/^[A-Za-z0-9_.()-]+$/.test(part))) fail('each part must be letters, digits, _ . -');
  const osPart = /^([^()]+)(?:\(([^()]*)\))?$/.exec(parts[0]) ?? fail('unbalanced parentheses in the OS part');
  const osVersion = osPart[2];
  const withVersion = (platform: Platform): Platform => (osVersion ? { ...platform, 'os.version': osVersion } : platform);
  if (parts.length === 1) {
    const single = osPart[1];
    if (KNOWN_OS.has(normalizeOs(single))) {
      return withVersion(normalizePlatform({ os: single, architecture: host.architecture, variant: host.variant }));
    }
    const arch = normalizeArch(single);
    if (KNOWN_ARCH.has(arch.architecture)) return withVersion(normalizePlatform({ os: host.os, architecture: single }));
    return fail('unknown operating system or architecture');
  }
  if (parts.length > 3) fail('too many parts');
  const { architecture, variant } = normalizeArch(parts[1], parts[2] ?? '');
  const platform: Platform = { os: normalizeOs(osPart[1]), architecture };
  if (parts.length === 2) {
    if (!(architecture === 'arm' && variant === 'v7') && variant !== '') platform.variant = variant;
  } else if (architecture === 'arm64' && variant === '') {
    platform.variant = 'v8';
  } else if (variant !== '') {
    platform.variant = variant;
  }
  return withVersion(platform);
}

/** `os/arch[/variant]` (containerd's Format; no os.version). */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((part) => part !== undefined && part !== '').join('/');
}

/** True when two platforms are the same once normalized (`linux/arm64` = `linux/arm64/v8`, `linux/arm` = `linux/arm/v7`). */
export function platformsMatch(a: Platform, b: Platform): boolean {
  const x = normalizePlatform(a);
  const y = normalizePlatform(b);
  return x.os === y.os && x.architecture === y.architecture && (x.variant ?? '') === (y.variant ?? '') && (x['os.version'] === undefined || y['os.version'] === undefined || x['os.version'] === y['os.version']);
}

/**
 * The platforms a host of `platform` can run, best first (containerd's `Only`): amd64/v3 runs
 * v3, v2, amd64, then 386; arm64 runs arm64 then arm v8…v5; arm/v7 runs v7…v5.
 */
export function compatiblePlatforms(platform: Platform): Platform[] {
  const base = normalizePlatform(platform);
  const make = (architecture: string, variant: string): Platform => normalizePlatform({ os: base.os, architecture, variant });
  const level = (variant: string | undefined, fallback: number): number => Number.parseInt((variant ?? '').replace(/^v/, ''), 10) || fallback;
  const out: Platform[] = [];
  if (base.architecture === 'amd64') {
    for (let v = level(base.variant, 1); v >= 1; v--) out.push(make('amd64', v === 1 ? '' : `v${v}`));
    out.push(make('386', ''));
  } else if (base.architecture === 'arm64') {
    for (let v = level(base.variant, 8); v >= 8; v--) out.push(make('arm64', v === 8 ? '' : `v${v}`));
    for (let v = 8; v >= 5; v--) out.push(make('arm', `v${v}`));
  } else if (base.architecture === 'arm') {
    for (let v = level(base.variant, 7); v >= 5; v--) out.push(make('arm', `v${v}`));
  } else {
    out.push(base);
  }
  return out;
}

/**
 * Ranks `candidate` for a host of `platform`: 0 is the best, larger is worse, -1 means it cannot
 * run there. Use it to choose a manifest from an index.
 */
export function platformRank(platform: Platform, candidate: Platform): number {
  return compatiblePlatforms(platform).findIndex((p) => platformsMatch(p, candidate));
}

/** The index of the best entry for `platform` among `candidates` (undefined entries never match), or -1. */
export function bestPlatformIndex(platform: Platform, candidates: Array<Platform | undefined>): number {
  let best = -1;
  let bestRank = Number.POSITIVE_INFINITY;
  candidates.forEach((candidate, i) => {
    if (candidate === undefined) return;
    const rank = platformRank(platform, candidate);
    if (rank !== -1 && rank < bestRank) {
      best = i;
      bestRank = rank;
    }
  });
  return best;
}

const NODE_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle' };

/** The platform of this process (normalized; arm gets its variant from Node's build, default v7). */
export function hostPlatform(): Platform {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const architecture = NODE_ARCH[process.arch] ?? process.arch;
  const armVersion = (process.config.variables as Record<string, unknown>).arm_version;
  const variant = architecture === 'arm' && typeof armVersion === 'string' ? armVersion : '';
  return normalizePlatform({ os, architecture, variant });
}

/**
 * The automatic platform build ARGs BuildKit defines: TARGETPLATFORM, TARGETOS, TARGETARCH,
 * TARGETVARIANT and the BUILD* equivalents (variant empty when there is none).
 */
export function platformBuildArgs(target: Platform, build: Platform = hostPlatform()): Record<string, string> {
  const t = normalizePlatform(target);
  const b = normalizePlatform(build);
  return {
    TARGETPLATFORM: formatPlatform(t),
    TARGETOS: t.os,
    TARGETARCH: t.architecture,
    TARGETVARIANT: t.variant ?? '',
    BUILDPLATFORM: formatPlatform(b),
    BUILDOS: b.os,
    BUILDARCH: b.architecture,
    BUILDVARIANT: b.variant ?? '',
  };
}

/** Accepts a Platform or a specifier string and returns a normalized Platform. */
export function toPlatform(value: Platform | string): Platform {
  return normalizePlatform(typeof value === 'string' ? parsePlatform(value) : value);
}
