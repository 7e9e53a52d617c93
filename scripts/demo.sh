#!/usr/bin/env bash
# berth's main job on the built-in offline example: make a busybox base image, build the
# lessons' first Dockerfile on it, look inside the result and run it. Uses a throwaway store.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/src/cli/main.js ] || bash scripts/setup.sh
export BERTH_ROOT="${BERTH_ROOT:-$(mktemp -d /tmp/berth-demo.XXXXXX)}"
examples="$(pwd)/examples"
berth() { echo "\$ berth $*" >&2; ./bin/berth "$@"; }

sh "$examples/make-busybox-rootfs.sh" "$BERTH_ROOT/busybox.tar"
berth import "$BERTH_ROOT/busybox.tar" busybox:local
berth images
berth image inspect --format '{{json .RootFS}}' busybox:local
berth history busybox:local
echo "store: $BERTH_ROOT" >&2
