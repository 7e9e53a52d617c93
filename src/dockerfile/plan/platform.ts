// Platforms (`os/arch[/variant]`) and the automatic platform ARGs BuildKit defines.

/** A parsed platform. */
export interface Platform {
  os: string;
  architecture: string;
  variant: string;
}

const ARCH_ALIASES: Record<string, [string, string]> = {
  x86_64: ['amd64', ''],
  'x86-64': ['amd64', ''],
  aarch64: ['arm64', ''],
  armhf: ['arm', 'v7'],
  armel: ['arm', 'v6'],
  i386: ['386', ''],
};

/** Parses and normalizes a platform like containerd's platforms.Parse (`linux/arm` → `linux/arm/v7`). Throws on malformed input. */
export function parsePlatform(text: string): Platform {
  const parts = text.toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) {
    throw new Error(`"${text}": unknown platform format, expected os/arch[/variant]`);
  }
  let [os, arch, variant = ''] = parts;
  if (os === 'macos') os = 'darwin';
  const alias = ARCH_ALIASES[arch];
  if (alias) [arch, variant] = [alias[0], variant || alias[1]];
  if (arch === 'arm' && variant === '') variant = 'v7';
  if (arch === 'arm64' && variant === 'v8') variant = '';
  return { os, architecture: arch, variant };
}

/** `os/arch[/variant]`. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((s) => s !== '').join('/');
}

/** The platform of this machine, as BuildKit names it. */
export function hostPlatform(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64', arm: 'arm/v7', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[process.arch] ?? process.arch;
  return `linux/${arch}`;
}

/** TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT, BUILDPLATFORM, BUILDOS, BUILDARCH, BUILDVARIANT. */
export function platformArgs(target: Platform, build: Platform): Record<string, string> {
  return {
    BUILDPLATFORM: formatPlatform(build),
    BUILDOS: build.os,
    BUILDARCH: build.architecture,
    BUILDVARIANT: build.variant,
    TARGETPLATFORM: formatPlatform(target),
    TARGETOS: target.os,
    TARGETARCH: target.architecture,
    TARGETVARIANT: target.variant,
  };
}
