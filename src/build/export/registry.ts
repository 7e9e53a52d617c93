// `--push` / `--output type=registry`: once stored, the image — or the index, its platform
// manifests first — is pushed under each of its names through the registry client.

import { BerthError } from '../../core/index.js';
import type { Store } from '../../store/index.js';

/** Pushes every name (full references) of the stored result; at least one is required. */
export async function pushNames(store: Store, names: readonly string[]): Promise<void> {
  if (names.length === 0) throw new BerthError('OUTPUT_INVALID', 'output type=registry needs a name to push to', { hint: 'give -t REGISTRY/NAME:TAG or --output type=registry,name=REGISTRY/NAME:TAG' });
  const { push } = await import('../../distribution/client/index.js');
  for (const name of names) await push(store, name);
}
