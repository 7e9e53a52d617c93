import type { Readable } from 'node:stream';
import type { Digest } from '../../core/index.js';
import type { ByteRange, StorageDriver } from './storage/driver.js';
import {
  blobPath, digestFromParts, layerLinkPath, referrerPath, referrersRoot, REPOSITORIES_ROOT, revisionPath, tagPath, tagsRoot,
} from './storage/paths.js';
import { ManifestCache } from './manifest-cache.js';

/** A stored manifest: its exact bytes and the media type it was pushed with. */
export interface StoredManifest {
  content: Buffer;
  mediaType: string;
}

/** An OCI descriptor as the referrers API lists it. */
export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** What a manifest PUT writes: content, where it is tagged and whose referrer it is. */
export interface ManifestWrite {
  digest: Digest;
  content: Buffer;
  mediaType: string;
  tag?: string;
  /** Set when the manifest has a subject: the subject's digest and this manifest's descriptor. */
  referrer?: { subject: Digest; descriptor: Descriptor };
}

/**
 * The registry's model over a storage driver: blobs shared by content, per-repository links
 * deciding what each repository may serve, manifests, tags and referrers. Content goes in before
 * the links that make it visible, so a crash leaves at worst unreferenced content for gc.
 */
export class RegistryStorage {
  readonly driver: StorageDriver;
  private readonly cache = new ManifestCache(16 * 1024 * 1024);

  constructor(driver: StorageDriver) {
    this.driver = driver;
  }

  /** The size of a blob that `repository` may serve (a linked layer or one of its manifests). */
  async blobSize(repository: string, digest: Digest): Promise<number | undefined> {
    const linked = (await this.driver.stat(layerLinkPath(repository, digest))) ?? (await this.driver.stat(revisionPath(repository, digest)));
    if (!linked) return undefined;
    return (await this.driver.stat(blobPath(digest)))?.size;
  }

  /**
   * Like blobSize, and marks the link as just used: gc spares recently used links, so a blob a
   * client just saw (HEAD before skipping an upload, a manifest being validated) is not swept
   * before the manifest referencing it arrives.
   */
  async touchBlob(repository: string, digest: Digest): Promise<number | undefined> {
    const touched = (await this.driver.touch(layerLinkPath(repository, digest))) || (await this.driver.touch(revisionPath(repository, digest)));
    if (!touched) return undefined;
    return (await this.driver.stat(blobPath(digest)))?.size;
  }

  /** The bytes of a blob, or of a range of it. */
  openBlob(digest: Digest, range?: ByteRange): Promise<Readable | undefined> {
    return this.driver.reader(blobPath(digest), range);
  }

  /** True when the blob's content is stored (in any repository). */
  async hasBlobContent(digest: Digest): Promise<boolean> {
    return (await this.driver.stat(blobPath(digest))) !== undefined;
  }

  /** Lets `repository` serve a stored blob. */
  linkBlob(repository: string, digest: Digest): Promise<void> {
    return this.driver.putContent(layerLinkPath(repository, digest), digest);
  }

  /** Removes a repository's link to a blob; false when there was none. The content stays for gc. */
  async unlinkBlob(repository: string, digest: Digest): Promise<boolean> {
    if (!(await this.driver.stat(layerLinkPath(repository, digest)))) return false;
    await this.driver.delete(layerLinkPath(repository, digest));
    return true;
  }

  /** A manifest of `repository` by digest. */
  async manifest(repository: string, digest: Digest): Promise<StoredManifest | undefined> {
    const link = await this.driver.getContent(revisionPath(repository, digest));
    if (link === undefined) return undefined;
    const cached = this.cache.get(digest);
    if (cached) return cached;
    const content = await this.driver.getContent(blobPath(digest));
    if (content === undefined) return undefined;
    const manifest = { content, mediaType: link.toString('utf8') };
    this.cache.set(digest, manifest);
    return manifest;
  }

  /** The digest a tag points to. */
  async resolveTag(repository: string, tag: string): Promise<Digest | undefined> {
    const content = await this.driver.getContent(tagPath(repository, tag));
    return content === undefined ? undefined : (content.toString('utf8') as Digest);
  }

  /** Stores a validated manifest: content, revision link, referrer entry, then the tag. */
  async putManifest(repository: string, write: ManifestWrite): Promise<void> {
    const { digest, content, mediaType, tag, referrer } = write;
    if (!(await this.hasBlobContent(digest))) await this.driver.putContent(blobPath(digest), content);
    await this.driver.putContent(revisionPath(repository, digest), mediaType);
    if (referrer) await this.driver.putContent(referrerPath(repository, referrer.subject, digest), JSON.stringify(referrer.descriptor));
    if (tag !== undefined) await this.driver.putContent(tagPath(repository, tag), digest);
  }

  /**
   * Deletes a manifest from a repository with every tag pointing to it and its referrer entry;
   * false when the repository has no such manifest. The content stays for gc.
   */
  async deleteManifest(repository: string, digest: Digest, subject: Digest | undefined): Promise<boolean> {
    if (!(await this.driver.stat(revisionPath(repository, digest)))) return false;
    for (const tag of await this.driver.list(tagsRoot(repository))) {
      if ((await this.resolveTag(repository, tag)) === digest) await this.driver.delete(tagPath(repository, tag));
    }
    if (subject) await this.driver.delete(referrerPath(repository, subject, digest));
    await this.driver.delete(revisionPath(repository, digest));
    return true;
  }

  /** Removes a tag (not the manifest); false when there was none. */
  async deleteTag(repository: string, tag: string): Promise<boolean> {
    if (!(await this.driver.stat(tagPath(repository, tag)))) return false;
    await this.driver.delete(tagPath(repository, tag));
    return true;
  }

  /** A repository's tags in lexical order, or undefined when the repository does not exist. */
  async tags(repository: string): Promise<string[] | undefined> {
    if (!(await this.repositoryExists(repository))) return undefined;
    return (await this.driver.list(tagsRoot(repository))).sort(compareStrings);
  }

  /** True when something was ever pushed to the repository. */
  async repositoryExists(repository: string): Promise<boolean> {
    const children = await this.driver.list(`${REPOSITORIES_ROOT}/${repository}`);
    return children.includes('_manifests') || children.includes('_layers');
  }

  /** Every repository, in lexical order. */
  async repositories(): Promise<string[]> {
    const found: string[] = [];
    const walk = async (prefix: string, name: string): Promise<void> => {
      const children = await this.driver.list(prefix);
      if (name && (children.includes('_manifests') || children.includes('_layers'))) found.push(name);
      for (const child of children) {
        if (!child.startsWith('_')) await walk(`${prefix}/${child}`, name ? `${name}/${child}` : child);
      }
    };
    await walk(REPOSITORIES_ROOT, '');
    return found.sort(compareStrings);
  }

  /** The descriptors of the manifests in `repository` whose subject is `subject`. */
  async referrers(repository: string, subject: Digest): Promise<Descriptor[]> {
    const root = referrersRoot(repository, subject);
    const descriptors: Descriptor[] = [];
    for (const entry of await this.driver.list(root)) {
      const dash = entry.indexOf('-');
      const digest = digestFromParts(entry.slice(0, dash), entry.slice(dash + 1));
      const content = await this.driver.getContent(referrerPath(repository, subject, digest));
      // A referrer whose manifest was deleted concurrently is simply not listed.
      if (content !== undefined && (await this.driver.stat(revisionPath(repository, digest)))) descriptors.push(JSON.parse(content.toString('utf8')) as Descriptor);
    }
    return descriptors;
  }
}

/** Byte-wise string order (what distribution and the spec's `last` pagination use). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
