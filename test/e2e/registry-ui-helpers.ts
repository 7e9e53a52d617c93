// Shared pieces of the registry UI e2e tests: pages rendered by headless Chromium, an index
// pushed over a few images, and a registry with basic auth on.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { runOk } from '../helpers/process.js';
import { bytes, startRegistryProcess, type RegistryProcess, type TestImage } from './registry-fixtures.js';

/** Where the tests expect Chromium. */
export const CHROMIUM = '/usr/bin/chromium';
/** The OCI image manifest media type. */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** The DOM after Chromium loaded `url` (its profile lives under `dir`). */
export async function renderedDom(url: string, dir: string): Promise<string> {
  const result = await runOk(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${join(dir, 'chromium')}`, '--dump-dom', url]);
  return result.stdout;
}

/** Pushes an OCI index of already pushed images under `tag`; answers the PUT's status. */
export async function pushIndex(url: string, name: string, tag: string, entries: { image: TestImage; platform: { os: string; architecture: string; variant?: string } }[]): Promise<number> {
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: entries.map(({ image, platform }) => ({ mediaType: OCI_MANIFEST, digest: image.digest, size: image.manifest.length, platform })),
  }));
  const put = await fetch(`${url}/v2/${name}/manifests/${tag}`, { method: 'PUT', body: bytes(index), headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' } });
  return put.status;
}

/** A second registry over `storage` with basic auth (user viewer, password secret), and the header that passes it. */
export async function startLockedRegistry(dir: string, storage: string): Promise<{ registry: RegistryProcess; authorization: string }> {
  const htpasswd = join(dir, 'htpasswd');
  await writeFile(htpasswd, `viewer:${bcrypt.hashSync('secret', 6)}\n`);
  const registry = await startRegistryProcess(storage, ['--htpasswd', htpasswd]);
  return { registry, authorization: `Basic ${Buffer.from('viewer:secret').toString('base64')}` };
}
