// Local manifest lists (`manifest create/annotate/rm`): an image index stored in the store under
// its name, like any image, whose entries are images of the store, each labelled with the
// platform of its config. docker keeps these apart in ~/.docker/manifests; berth's store holds
// indexes natively, so the list is immediately usable by run, build, save and push.

import {
  BerthError,
  familiarString,
  formatPlatform,
  formatReference,
  isIndexMediaType,
  normalizeReference,
  normalizePlatform,
  type Descriptor,
  type ImageConfig,
  type Index,
  type Manifest,
  type Platform,
} from '../core/index.js';
import type { ImageRecord, Store } from '../store/index.js';
import { writePlatformIndex } from './index-writer.js';

/** Options of createManifestList. */
export interface CreateListOptions {
  /** `--amend`: add to (or replace entries of) an existing list instead of refusing. */
  amend?: boolean;
}

/** Platform fields `manifest annotate` sets; unset fields keep their value. */
export interface PlatformAnnotation {
  os?: string;
  arch?: string;
  variant?: string;
  osVersion?: string;
  osFeatures?: string[];
}

/** The full record name of a list (`busybox:multiarch` → `docker.io/library/busybox:multiarch`); digests are refused. */
export function listName(input: string): string {
  const reference = normalizeReference(input);
  if (reference.digest !== undefined) throw new BerthError('REFERENCE_INVALID', `invalid manifest list name ${input}: a list is named by tag, not digest`);
  return formatReference(reference);
}

/** The platform an image's config declares (os, architecture, variant, os.version, os.features). */
export function configPlatform(config: ImageConfig & { 'os.version'?: string; 'os.features'?: string[] }): Platform {
  const platform: Platform = { os: config.os, architecture: config.architecture };
  if (config.variant) platform.variant = config.variant;
  if (config['os.version']) platform['os.version'] = config['os.version'];
  if (config['os.features']?.length) platform['os.features'] = config['os.features'];
  return platform;
}

/** The single-platform image `ref` names, as an index entry labelled with its config's platform. */
async function entryFor(store: Store, ref: string): Promise<Descriptor> {
  const records = await store.findRecords(ref).catch((err: unknown) => {
    if (err instanceof BerthError && err.code === 'IMAGE_NOT_FOUND') throw new BerthError('IMAGE_NOT_FOUND', `No such image: ${ref}`, { hint: 'pull or import it first; manifest lists are made from images in the local store' });
    throw err;
  });
  const target = records[0].target;
  if (isIndexMediaType(target.mediaType)) throw new BerthError('MANIFEST_LIST_NESTED', `${ref} is a manifest list; give the single-platform images it is made of`);
  const manifest = await store.blobs.readJson<Manifest>(target.digest);
  const config = await store.readConfig(manifest.config.digest);
  const { annotations: _names, ...plain } = target;
  return { ...plain, platform: configPlatform(config) };
}

/** The index a list record points at, or a clear error when `name` is not a list. */
async function readList(store: Store, name: string, shown: string): Promise<{ record: ImageRecord; index: Index }> {
  const record = await store.images.get(name);
  if (record === undefined || !isIndexMediaType(record.target.mediaType)) throw new BerthError('MANIFEST_LIST_NOT_FOUND', `No such manifest: ${shown}`);
  return { record, index: await store.blobs.readJson<Index>(record.target.digest) };
}

/** Writes `entries` as the list's index and tags it. */
async function writeList(store: Store, name: string, entries: Descriptor[], annotations?: Record<string, string>): Promise<Descriptor> {
  const descriptor = await writePlatformIndex(store, entries, annotations);
  await store.images.tag(name, descriptor, { keepDangling: false });
  return descriptor;
}

/**
 * `manifest create LIST IMAGE…`: an index of the named local images under LIST. An existing
 * list is refused unless `amend`, which keeps its entries and replaces those of the same digest
 * or platform. Returns the full list name and the index descriptor.
 */
export async function createManifestList(store: Store, list: string, images: string[], options: CreateListOptions = {}): Promise<{ name: string; descriptor: Descriptor }> {
  const name = listName(list);
  const shown = familiarString(normalizeReference(name));
  const existing = await store.images.get(name);
  let entries: Descriptor[] = [];
  let annotations: Record<string, string> | undefined;
  if (existing !== undefined) {
    if (!isIndexMediaType(existing.target.mediaType)) throw new BerthError('MANIFEST_LIST_EXISTS', `${shown} is an image, not a manifest list`, { hint: 'choose another name, or remove the image with `berth rmi`' });
    if (!options.amend) throw new BerthError('MANIFEST_LIST_EXISTS', `refusing to amend an existing manifest list with no --amend flag: ${shown}`, { hint: 'pass --amend, or remove it with `berth manifest rm`' });
    const { index } = await readList(store, name, shown);
    entries = index.manifests;
    annotations = index.annotations;
  }
  for (const image of images) {
    const entry = await entryFor(store, image);
    const platform = formatPlatform(entry.platform!);
    entries = [...entries.filter((e) => e.digest !== entry.digest && (e.platform === undefined || formatPlatform(e.platform) !== platform)), entry];
  }
  return { name, descriptor: await writeList(store, name, entries, annotations) };
}

/** `manifest annotate LIST IMAGE --os --arch --variant --os-version --os-features`: changes the platform of IMAGE's entry. */
export async function annotateManifestList(store: Store, list: string, image: string, annotation: PlatformAnnotation): Promise<Descriptor> {
  const name = listName(list);
  const shown = familiarString(normalizeReference(name));
  const { index } = await readList(store, name, shown);
  const digest = (await store.findRecords(image)).at(0)?.target.digest;
  const at = index.manifests.findIndex((e) => e.digest === digest);
  if (at === -1) throw new BerthError('MANIFEST_ENTRY_NOT_FOUND', `manifest for image ${image} does not exist in ${shown}`);
  const old: Platform = index.manifests[at].platform ?? { os: '', architecture: '' };
  const os = annotation.os ?? old.os;
  const arch = annotation.arch ?? old.architecture;
  const variant = annotation.variant ?? (annotation.arch === undefined ? old.variant : undefined);
  if (os === '' || arch === '') throw new BerthError('PLATFORM_INVALID', `manifest entry for image ${image} needs both --os and --arch`);
  // Normalized like containerd (`aarch64` → arm64, `armhf` → arm/v7).
  const parsed = normalizePlatform({ os, architecture: arch, variant });
  const platform: Platform = { ...old, os: parsed.os, architecture: parsed.architecture };
  delete platform.variant;
  if (parsed.variant) platform.variant = parsed.variant;
  if (annotation.osVersion !== undefined) platform['os.version'] = annotation.osVersion;
  if (annotation.osFeatures !== undefined) platform['os.features'] = annotation.osFeatures;
  const entries = index.manifests.map((e, i) => (i === at ? { ...e, platform } : e));
  return writeList(store, name, entries, index.annotations);
}

/** The record of the local list `list` (MANIFEST_LIST_NOT_FOUND when the name is missing or not a list). */
export async function findManifestList(store: Store, list: string): Promise<ImageRecord> {
  return (await readList(store, listName(list), list)).record;
}

/**
 * `manifest rm LIST…`: removes local lists (the images they list stay), with the repository
 * digest a `manifest push` recorded for the list. Throws for a name that is not a list.
 */
export async function removeManifestList(store: Store, list: string): Promise<void> {
  const record = await findManifestList(store, list);
  await store.images.untagWithDigests(record.name!);
}
