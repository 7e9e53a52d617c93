// The distribution-spec conformance workflows against `berth registry serve --delete` on the
// filesystem driver (the S3 run is in registry-s3.test.ts).
import { join } from 'node:path';
import { conformanceSuite } from './registry-conformance-suite.js';
import { startRegistryProcess, tempDir } from './registry-fixtures.js';

conformanceSuite('conformance', async () => {
  const temp = await tempDir('berth-conformance-');
  const registry = await startRegistryProcess(join(temp.dir, 'storage'), ['--delete']);
  return { registry, cleanup: temp.cleanup };
});
