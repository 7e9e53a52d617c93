#!/usr/bin/env bash
# Installs everything berth and its tests need on a fresh Debian machine, then builds.
# Idempotent: quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(runc skopeo umoci docker-registry busybox-static docker.io containerd qemu-user-static binfmt-support podman buildah zstd pigz iproute2 curl chromium)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Foreign-architecture busybox for multi-platform tests (linux/arm/v7 and linux/arm64).
for arch in armhf arm64; do
  dpkg --print-foreign-architectures | grep -qx "$arch" || { dpkg --add-architecture "$arch"; apt-get update -qq; }
done

# qemu-user-static handlers for foreign RUN steps and `run --platform` (Debian's entries carry
# the F flag, so they work inside runc containers).
if [ -d /proc/sys/fs/binfmt_misc ] && [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || echo "setup: cannot mount binfmt_misc; foreign-platform RUN steps will fail" >&2
fi
for handler in qemu-arm qemu-aarch64; do
  [ -e "/proc/sys/fs/binfmt_misc/$handler" ] || update-binfmts --enable "$handler" || echo "setup: cannot register $handler" >&2
done

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
