#!/usr/bin/env bash
# berth's main job on the built-in offline example: make a busybox base image, build the lessons'
# Dockerfiles on it, look inside the results and run them. Uses a throwaway store unless BERTH_ROOT is set.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/src/cli/main.js ] || bash scripts/setup.sh
export BERTH_ROOT="${BERTH_ROOT:-$(mktemp -d /tmp/berth-demo.XXXXXX)}"
berth() { printf '\n$ berth %s\n' "$*" >&2; ./bin/berth "$@"; }

sh examples/make-busybox-rootfs.sh "$BERTH_ROOT/busybox.tar"
berth import "$BERTH_ROOT/busybox.tar" busybox:local
berth build --progress plain -t hello examples/01-hello
berth run --rm hello
berth build --progress plain -t counter examples/07-non-root
berth run --rm counter
berth images
berth image inspect --format '{{json .Config.Entrypoint}} user={{.Config.User}}' counter
berth history counter
berth save -o "$BERTH_ROOT/counter.tar" counter
printf '\nstore: %s (remove it when done)\n' "$BERTH_ROOT" >&2
