// Image views: a record's target resolved to one platform's manifest, its config and layers;
// lookups by reference or ID the way docker resolves them; docker's Size.

import {
  BerthError,
  bestPlatformIndex,
  formatPlatform,
  hostPlatform,
  isIndexMediaType,
  isManifestMediaType,
  normalizeReference,
  formatReference,
  referenceName,
  toPlatform,
  type Descriptor,
  type Digest,
  type ImageConfig,
  type Index,
  type Manifest,
  type Platform,
} from '../core/index.js';
import type { FsBlobStore } from './blobs.js';
import type { LayerInfo, LayerInfoCache } from './layerinfo.js';
import type { ImageRecord, ImageSummary, ImageView } from './types.js';

const MAX_INDEX_DEPTH = 4;

/** Reads manifests, indexes, configs and layer facts from the blobs of one store. */
export class ImageLoader {
  constructor(
    private readonly blobs: FsBlobStore,
    private readonly layerInfos: LayerInfoCache,
  ) {}

  /**
   * Loads `target` (a manifest, or an index resolved to `platform`) with its config. Without a
   * platform an index resolves to the host's, else to the first platform the store holds (docker's
   * containerd store: all platforms match, the host's preferred); a platform given must match.
   */
  async load(target: Descriptor, platform?: Platform, records: ImageRecord[] = []): Promise<ImageView> {
    let manifestDescriptor = target;
    let index: Index | undefined;
    for (let depth = 0; ; depth++) {
      const document = await this.blobs.readJson<Manifest & Index>(manifestDescriptor.digest);
      const mediaType = document.mediaType ?? manifestDescriptor.mediaType;
      const isIndex = isIndexMediaType(mediaType) || (mediaType === undefined && Array.isArray(document.manifests));
      if (!isIndex) {
        if (!isManifestMediaType(mediaType) && !document.config) {
          throw new BerthError('IMAGE_INVALID', `${manifestDescriptor.digest} is not an image manifest (media type ${mediaType ?? 'unset'})`);
        }
        const config = await this.blobs.readJson<ImageConfig>(document.config.digest);
        const names = records.filter((r) => r.name !== undefined).map((r) => r.name as string);
        return { id: document.config.digest, target, index, manifestDescriptor, manifest: document, config, names, records };
      }
      if (depth >= MAX_INDEX_DEPTH) throw new BerthError('IMAGE_INVALID', `index ${target.digest} nests more than ${MAX_INDEX_DEPTH} levels`);
      index = document;
      manifestDescriptor = await this.choose(document, target.digest, platform);
    }
  }

  /**
   * The best entry of an index for `requested` (default: the host's) among those whose manifest is
   * present locally; an entry without a platform is taken only when no entry matches (as
   * containerd accepts them); with no platform requested, then the first present entry.
   */
  private async choose(index: Index, digest: Digest, requested: Platform | undefined): Promise<Descriptor> {
    const platform = requested ?? hostPlatform();
    const present = await Promise.all(index.manifests.map((d) => this.blobs.has(d.digest)));
    const candidates = index.manifests.map((d, i) => (present[i] ? (d.platform ?? (isIndexMediaType(d.mediaType) ? platform : undefined)) : undefined));
    const best = bestPlatformIndex(platform, candidates);
    if (best !== -1) return index.manifests[best];
    const unlabelled = index.manifests.find((d, i) => present[i] && d.platform === undefined);
    if (unlabelled !== undefined) return unlabelled;
    const first = index.manifests.find((_, i) => present[i]);
    if (requested === undefined && first !== undefined) return first;
    const available = index.manifests.map((d, i) => `${d.platform ? formatPlatform(d.platform) : '(no platform)'}${present[i] ? '' : ' (not pulled)'}`).join(', ');
    throw new BerthError('IMAGE_PLATFORM_MISSING', `image index ${digest} has no manifest for ${formatPlatform(platform)} in this store (has: ${available || 'none'})`, {
      hint: 'pass --platform to choose one of the available platforms',
    });
  }

  /** Facts of a layer: cached, else measured from the blob and cached. */
  async layerInfo(layer: Descriptor): Promise<Required<LayerInfo>> {
    const known = await this.layerInfos.get(layer.digest);
    if (known?.contentSize !== undefined) return known as Required<LayerInfo>;
    const { measureLayer } = await import('./layer-measure.js');
    const measured = await measureLayer(await this.blobs.open(layer.digest), layer.mediaType, layer.digest);
    await this.layerInfos.set(layer.digest, measured);
    return measured;
  }

  /** docker's Size: the sum of the layers' uncompressed content sizes (missing layers count their blob size). */
  async size(manifest: Manifest): Promise<number> {
    const sizes = await Promise.all(manifest.layers.map(async (layer) => ((await this.blobs.has(layer.digest)) ? (await this.layerInfo(layer)).contentSize : layer.size)));
    return sizes.reduce((sum, size) => sum + size, 0);
  }

  /** docker's Size from cached layer facts only; undefined when some layer was never measured. */
  private async knownSize(manifest: Manifest): Promise<number | undefined> {
    const sizes = await Promise.all(manifest.layers.map(async (layer) => (await this.layerInfos.get(layer.digest))?.contentSize));
    return sizes.includes(undefined) ? undefined : (sizes as number[]).reduce((sum, size) => sum + size, 0);
  }

  /** The summary cached in a record; undefined when the target cannot be loaded (partial content). */
  async summarize(target: Descriptor): Promise<ImageSummary | undefined> {
    let view: ImageView;
    try {
      view = await this.load(target);
    } catch (err) {
      if (err instanceof BerthError) return undefined;
      throw err;
    }
    const summary: ImageSummary = { id: view.id };
    const size = await this.knownSize(view.manifest);
    if (size !== undefined) summary.size = size;
    if (view.config.created !== undefined) summary.created = view.config.created;
    return summary;
  }
}

const FULL_ID = /^(?:sha256:)?([a-f0-9]{64})$/;
const ID_PREFIX = /^(?:sha256:)?([a-f0-9]{1,64})$/;

/**
 * The records an input names, docker's order: a full ID (`sha256:<hex>` or 64 hex) matches
 * image IDs or target digests; else a reference (tag, or `repo@digest` matching the target);
 * else an unambiguous ID prefix. Returns the records of the one image found (same target).
 */
export async function resolveRecords(input: string, records: ImageRecord[], idOf: (record: ImageRecord) => Promise<Digest | undefined>): Promise<ImageRecord[]> {
  const notFound = (hint?: string): BerthError => new BerthError('IMAGE_NOT_FOUND', `No such image: ${input}`, { hint });
  const sameTarget = (found: ImageRecord | undefined): ImageRecord[] => (found === undefined ? [] : records.filter((r) => r.target.digest === found.target.digest));
  const full = FULL_ID.exec(input);
  if (full !== null) {
    const digest = `sha256:${full[1]}`;
    for (const record of records) {
      if (record.target.digest === digest || (await idOf(record)) === digest) return sameTarget(record);
    }
    throw notFound();
  }
  let byName: ImageRecord | undefined;
  try {
    const reference = normalizeReference(input);
    if (reference.digest !== undefined) {
      // A repository digest record (what a push wrote may be a manifest of the target index), else any name of that repository on the target.
      const repository = referenceName(reference);
      const name = formatReference(reference);
      byName = records.find((r) => r.name === name) ?? records.find((r) => r.target.digest === reference.digest && r.name !== undefined && referenceName(normalizeReference(r.name)) === repository);
    } else {
      const name = formatReference(reference);
      byName = records.find((r) => r.name === name);
    }
  } catch (err) {
    if (!ID_PREFIX.test(input)) throw err;
  }
  if (byName !== undefined) return sameTarget(byName);
  const prefix = ID_PREFIX.exec(input);
  if (prefix === null) throw notFound();
  const matches = new Map<Digest, ImageRecord>();
  for (const record of records) {
    const id = await idOf(record);
    if (id !== undefined && id.slice('sha256:'.length).startsWith(prefix[1])) matches.set(id, record);
  }
  if (matches.size > 1) throw notFound(`"${input}" is a prefix of ${matches.size} image IDs; give more characters`);
  return sameTarget([...matches.values()][0]);
}

/** Normalizes the platform option of lookups (undefined: the host's preferred, any accepted). */
export function lookupPlatform(platform: Platform | string | undefined): Platform | undefined {
  return platform === undefined ? undefined : toPlatform(platform);
}
