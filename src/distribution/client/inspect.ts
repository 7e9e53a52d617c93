// `manifest inspect`: what a registry holds for a reference — the index (or manifest) as stored,
// or with verbose, docker's per-platform records (Ref, Descriptor, SchemaV2Manifest/OCIManifest).
import { formatReference, isIndexMediaType, OCI_MANIFEST, type Descriptor, type Index } from '../../core/index.js';
import { pullReference } from './pull.js';
import { RegistryClient, type RegistryOptions } from './registry.js';
import { Repository, type FetchedManifest } from './repository.js';

/** docker's verbose manifest record. */
export interface ManifestRecord {
  Ref: string;
  Descriptor: Descriptor;
  SchemaV2Manifest?: unknown;
  OCIManifest?: unknown;
}

/**
 * The remote document a reference names. Without `verbose`: the manifest or index JSON. With
 * it: one ManifestRecord for a manifest, or an array of them (one per index entry).
 */
export async function inspectRemote(input: string, options: RegistryOptions & { verbose?: boolean } = {}): Promise<unknown> {
  const { reference } = pullReference(input);
  const client = await RegistryClient.open(reference.domain, options);
  try {
    const repository = new Repository(client, reference.path);
    const top = await repository.manifest(reference.digest ?? reference.tag!);
    if (!options.verbose) return JSON.parse(top.bytes.toString('utf8'));
    const ref = formatReference(reference);
    if (!isIndexMediaType(top.mediaType)) return record(ref, top, undefined);
    const index = JSON.parse(top.bytes.toString('utf8')) as Index;
    const records: ManifestRecord[] = [];
    for (const entry of index.manifests) {
      const child = await repository.manifest(entry.digest, entry.mediaType);
      records.push(record(`${formatReference({ domain: reference.domain, path: reference.path })}@${entry.digest}`, child, entry));
    }
    return records;
  } finally {
    await client.close();
  }
}

function record(ref: string, manifest: FetchedManifest, entry: Descriptor | undefined): ManifestRecord {
  const descriptor: Descriptor = { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length };
  if (entry?.platform) descriptor.platform = entry.platform;
  const body = JSON.parse(manifest.bytes.toString('utf8')) as unknown;
  return manifest.mediaType === OCI_MANIFEST ? { Ref: ref, Descriptor: descriptor, OCIManifest: body } : { Ref: ref, Descriptor: descriptor, SchemaV2Manifest: body };
}
