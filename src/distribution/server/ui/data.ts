import { isIndexMediaType, type Digest } from '../../../core/index.js';
import type { RegistryStorage } from '../registry-storage.js';
import { revisionsRoot } from '../storage/paths.js';

/** A descriptor as the UI shows it. */
export interface UiDescriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  platform?: string;
}

/** One manifest, parsed for display. */
export interface UiManifest {
  digest: Digest;
  mediaType: string;
  size: number;
  /** Image manifests: config and layers. */
  config?: UiDescriptor;
  layers: UiDescriptor[];
  /** Indexes: the manifests they list, with platforms. */
  manifests: UiDescriptor[];
  /** The config blob, pretty-printed, when it is JSON. */
  configJson?: string;
  /** The manifest, pretty-printed. */
  raw: string;
}

/** A repository's summary for the home page. */
export interface UiRepository {
  name: string;
  tags: number;
  /** Bytes of the distinct blobs its manifests reference (manifests included). */
  bytes: number;
}

interface RawDescriptor {
  mediaType?: string;
  digest?: Digest;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

function descriptor(raw: RawDescriptor | undefined): UiDescriptor | undefined {
  if (!raw || typeof raw.digest !== 'string') return undefined;
  const platform = raw.platform ? [raw.platform.os, raw.platform.architecture, raw.platform.variant].filter(Boolean).join('/') : undefined;
  return { mediaType: String(raw.mediaType ?? ''), digest: raw.digest, size: Number(raw.size ?? 0), platform };
}

/** A manifest of the repository, parsed for display; undefined when absent. */
export async function loadManifest(storage: RegistryStorage, repository: string, digest: Digest): Promise<UiManifest | undefined> {
  const stored = await storage.manifest(repository, digest);
  if (!stored) return undefined;
  const raw = stored.content.toString('utf8');
  let body: { config?: RawDescriptor; layers?: RawDescriptor[]; manifests?: RawDescriptor[] } = {};
  let pretty = raw;
  try {
    body = JSON.parse(raw) as typeof body;
    pretty = JSON.stringify(body, null, 2);
  } catch {
    // Stored manifests were validated; a parse failure only hides the details.
  }
  const list = (entries: RawDescriptor[] | undefined) => (entries ?? []).map(descriptor).filter((d): d is UiDescriptor => d !== undefined);
  const manifest: UiManifest = {
    digest, mediaType: stored.mediaType, size: stored.content.length, raw: pretty, config: descriptor(body.config), layers: list(body.layers), manifests: list(body.manifests),
  };
  if (manifest.config && manifest.config.size < 1024 * 1024) {
    const stream = await storage.openBlob(manifest.config.digest);
    if (stream) {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      try {
        manifest.configJson = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')), null, 2);
      } catch {
        manifest.configJson = undefined;
      }
    }
  }
  return manifest;
}

/** Every manifest revision of a repository. */
async function revisions(storage: RegistryStorage, repository: string): Promise<Digest[]> {
  const root = revisionsRoot(repository);
  const digests: Digest[] = [];
  for (const algorithm of await storage.driver.list(root)) {
    for (const hex of await storage.driver.list(`${root}/${algorithm}`)) digests.push(`${algorithm}:${hex}`);
  }
  return digests;
}

/** The repository's footprint: distinct blobs referenced by its manifests, and the manifests. */
export async function repositoryBytes(storage: RegistryStorage, repository: string): Promise<number> {
  const sizes = new Map<Digest, number>();
  for (const digest of await revisions(storage, repository)) {
    const manifest = await loadManifestShallow(storage, repository, digest);
    if (!manifest) continue;
    sizes.set(digest, manifest.size);
    for (const entry of [manifest.config, ...manifest.layers]) if (entry) sizes.set(entry.digest, entry.size);
  }
  let total = 0;
  for (const size of sizes.values()) total += size;
  return total;
}

async function loadManifestShallow(storage: RegistryStorage, repository: string, digest: Digest): Promise<Pick<UiManifest, 'size' | 'config' | 'layers'> | undefined> {
  const stored = await storage.manifest(repository, digest);
  if (!stored || isIndexMediaType(stored.mediaType)) return stored ? { size: stored.content.length, layers: [] } : undefined;
  try {
    const body = JSON.parse(stored.content.toString('utf8')) as { config?: RawDescriptor; layers?: RawDescriptor[] };
    return { size: stored.content.length, config: descriptor(body.config), layers: (body.layers ?? []).map(descriptor).filter((d): d is UiDescriptor => d !== undefined) };
  } catch {
    return { size: stored.content.length, layers: [] };
  }
}

/** The home page's list: every repository with its tag count and footprint. */
export async function listRepositories(storage: RegistryStorage): Promise<UiRepository[]> {
  const result: UiRepository[] = [];
  for (const name of await storage.repositories()) {
    result.push({ name, tags: (await storage.tags(name))?.length ?? 0, bytes: await repositoryBytes(storage, name) });
  }
  return result;
}
