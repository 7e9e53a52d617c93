// The multi-platform base of example 08: `busybox:multiarch`, an index of three images made from
// Debian's busybox-static for amd64, armhf and arm64, assembled the way a user would — three
// `import --platform` and one `manifest create`.
import { join } from 'node:path';
import { after, before } from 'node:test';
import { busyboxRootfs, REPO_ROOT, tempStore, type BerthStore } from '../helpers/busybox.js';

/** One platform of the base: its OCI name, Debian arch and what `uname -m` says there. */
export interface BasePlatform {
  platform: string;
  debianArch: string;
  uname: string;
  /** The single-platform image's tag (`busybox:linux-arm-v7`). */
  tag: string;
}

/** The three platforms of example 08, host's first. */
export const BASE_PLATFORMS: BasePlatform[] = [
  { platform: 'linux/amd64', debianArch: 'amd64', uname: 'x86_64', tag: 'busybox:linux-amd64' },
  { platform: 'linux/arm/v7', debianArch: 'armhf', uname: 'armv7l', tag: 'busybox:linux-arm-v7' },
  { platform: 'linux/arm64', debianArch: 'arm64', uname: 'aarch64', tag: 'busybox:linux-arm64' },
];

/** Example 08's directory in the checkout. */
export const EXAMPLE_08 = join(REPO_ROOT, 'examples/08-multi-arch');

/** Imports the three busybox rootfs images and lists them as `name` (default busybox:multiarch). */
export async function makeMultiarchBase(store: BerthStore, name = 'busybox:multiarch'): Promise<void> {
  for (const base of BASE_PLATFORMS) {
    await store.berthOk(['import', '--platform', base.platform, '-c', 'CMD ["sh"]', busyboxRootfs(base.debianArch), base.tag]);
  }
  await store.berthOk(['manifest', 'create', name, ...BASE_PLATFORMS.map((b) => b.tag)]);
}

/**
 * A store holding busybox:multiarch for the whole test file: registers the before/after hooks
 * that make and remove it (call at module level). `setup` runs in the same hook once the base is
 * there (Node may run a file's separate before hooks concurrently).
 */
export function multiarchStore(setup?: (store: BerthStore) => Promise<void>): BerthStore {
  let inner: BerthStore | undefined;
  const store = (): BerthStore => inner ?? assertReady();
  before(async () => {
    inner = await tempStore();
    await makeMultiarchBase(inner);
    await setup?.(inner);
  });
  after(async () => {
    await inner?.cleanup();
  });
  return {
    get root() {
      return store().root;
    },
    berth: (args, options) => store().berth(args, options),
    berthOk: (args, options) => store().berthOk(args, options),
    cleanup: async () => inner?.cleanup(),
  };
}

function assertReady(): never {
  throw new Error('multiarchStore used outside a test (its before hook has not run)');
}
