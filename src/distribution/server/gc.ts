import type { Digest } from '../../core/index.js';
import { RegistryStorage } from './registry-storage.js';
import type { StorageDriver } from './storage/driver.js';
import {
  BLOBS_ROOT, blobPath, digestFromParts, layerLinkPath, layersRoot, referrerPath, revisionPath, revisionsRoot, tagsRoot, uploadInfoPath, UPLOADS_ROOT,
} from './storage/paths.js';

/** How gc behaves. */
export interface GcOptions {
  /** Report what would be deleted, delete nothing. */
  dryRun?: boolean;
  /** Also delete manifests no tag reaches (directly, through an index, or as a referrer of a kept one). */
  deleteUntagged?: boolean;
  /**
   * Content or links written or used more recently than this is kept even when unreferenced:
   * a push in flight has uploaded (or HEADed) its blobs but not yet put the manifest. Seconds,
   * default 3600.
   */
  graceSeconds?: number;
  /** Upload sessions older than this are removed. Seconds, default one week. */
  uploadMaxAgeSeconds?: number;
  /** Progress lines (what is deleted). */
  log?: (line: string) => void;
}

/** What a gc run deleted (or would delete, with dryRun). */
export interface GcReport {
  blobsDeleted: Digest[];
  bytesFreed: number;
  manifestsDeleted: { repository: string; digest: Digest }[];
  uploadsDeleted: number;
}

interface ManifestRefs {
  references: Digest[];
  subject?: Digest;
}

async function listDigests(driver: StorageDriver, root: string): Promise<Digest[]> {
  const digests: Digest[] = [];
  for (const algorithm of await driver.list(root)) {
    for (const hex of await driver.list(`${root}/${algorithm}`)) digests.push(digestFromParts(algorithm, hex));
  }
  return digests;
}

function referencesOf(content: Buffer): ManifestRefs {
  try {
    const body = JSON.parse(content.toString('utf8')) as {
      config?: { digest?: Digest }; layers?: { digest?: Digest }[]; manifests?: { digest?: Digest }[]; subject?: { digest?: Digest };
    };
    const references = [body.config, ...(body.layers ?? []), ...(body.manifests ?? [])].map((d) => d?.digest).filter((d): d is Digest => typeof d === 'string');
    return { references, subject: body.subject?.digest };
  } catch {
    return { references: [] };
  }
}

/**
 * Mark and sweep without a read-only mode. Marks every blob a kept manifest references, then
 * deletes unmarked blobs unless the blob or a link to it is younger than the grace window;
 * links are re-checked right before each deletion, so a push that just used a blob keeps it.
 */
export async function collectGarbage(driver: StorageDriver, options: GcOptions = {}): Promise<GcReport> {
  const storage = new RegistryStorage(driver);
  const log = options.log ?? (() => {});
  const cutoff = Date.now() - (options.graceSeconds ?? 3600) * 1000;
  const report: GcReport = { blobsDeleted: [], bytesFreed: 0, manifestsDeleted: [], uploadsDeleted: 0 };
  const marked = new Set<Digest>();
  const repositories = await storage.repositories();
  const isRecent = async (path: string) => ((await driver.stat(path))?.modified.getTime() ?? 0) > cutoff;

  for (const repository of repositories) {
    const revisions = await listDigests(driver, revisionsRoot(repository));
    const refs = new Map<Digest, ManifestRefs>();
    for (const digest of revisions) {
      const content = await driver.getContent(blobPath(digest));
      refs.set(digest, content ? referencesOf(content) : { references: [] });
    }
    let kept = new Set(revisions);
    if (options.deleteUntagged) {
      kept = new Set<Digest>();
      for (const tag of await driver.list(tagsRoot(repository))) {
        const digest = await storage.resolveTag(repository, tag);
        if (digest) kept.add(digest);
      }
      for (const digest of revisions) if (await isRecent(revisionPath(repository, digest))) kept.add(digest);
      // Closure: an index keeps its manifests, a kept subject keeps its referrers.
      for (let grew = true; grew; ) {
        grew = false;
        for (const [digest, entry] of refs) {
          if (kept.has(digest)) continue;
          const reachable = [...kept].some((k) => refs.get(k)?.references.includes(digest)) || (entry.subject !== undefined && kept.has(entry.subject));
          if (reachable) {
            kept.add(digest);
            grew = true;
          }
        }
      }
      for (const digest of revisions) {
        if (kept.has(digest)) continue;
        log(`${options.dryRun ? 'would delete' : 'deleting'} untagged manifest ${repository}@${digest}`);
        report.manifestsDeleted.push({ repository, digest });
        if (options.dryRun) continue;
        const subject = refs.get(digest)?.subject;
        if (subject) await driver.delete(referrerPath(repository, subject, digest));
        await driver.delete(revisionPath(repository, digest));
      }
    }
    for (const digest of kept) {
      marked.add(digest);
      for (const reference of refs.get(digest)?.references ?? []) marked.add(reference);
    }
  }

  // A blob is young, or was just linked/used by some repository: a push in flight may need it.
  const inUse = async (digest: Digest): Promise<boolean> => {
    if (await isRecent(blobPath(digest))) return true;
    for (const repository of repositories) {
      if ((await isRecent(layerLinkPath(repository, digest))) || (await isRecent(revisionPath(repository, digest)))) return true;
    }
    return false;
  };
  for (const digest of await listDigestsDeep(driver)) {
    if (marked.has(digest) || (await inUse(digest))) continue;
    const size = (await driver.stat(blobPath(digest)))?.size ?? 0;
    log(`${options.dryRun ? 'would delete' : 'deleting'} blob ${digest} (${size} bytes)`);
    report.blobsDeleted.push(digest);
    report.bytesFreed += size;
    if (options.dryRun) continue;
    for (const repository of repositories) await driver.delete(layerLinkPath(repository, digest));
    await driver.delete(blobPath(digest));
  }
  report.uploadsDeleted = await removeStaleUploads(driver, Date.now() - (options.uploadMaxAgeSeconds ?? 7 * 24 * 3600) * 1000, options, log);
  await removeDanglingLinks(driver, repositories, options);
  return report;
}

/** Every stored blob: blobs/<algorithm>/<2 hex>/<hex>. */
async function listDigestsDeep(driver: StorageDriver): Promise<Digest[]> {
  const digests: Digest[] = [];
  for (const algorithm of await driver.list(BLOBS_ROOT)) {
    for (const prefix of await driver.list(`${BLOBS_ROOT}/${algorithm}`)) {
      for (const hex of await driver.list(`${BLOBS_ROOT}/${algorithm}/${prefix}`)) digests.push(digestFromParts(algorithm, hex));
    }
  }
  return digests;
}

async function removeStaleUploads(driver: StorageDriver, cutoff: number, options: GcOptions, log: (line: string) => void): Promise<number> {
  let removed = 0;
  for (const id of await driver.list(UPLOADS_ROOT)) {
    const info = await driver.stat(uploadInfoPath(id));
    const data = await driver.stat(`${UPLOADS_ROOT}/${id}/data`);
    const lastUse = Math.max(info?.modified.getTime() ?? 0, data?.modified.getTime() ?? 0);
    if (lastUse > cutoff) continue;
    log(`${options.dryRun ? 'would delete' : 'deleting'} stale upload ${id}`);
    removed++;
    if (!options.dryRun) await driver.delete(`${UPLOADS_ROOT}/${id}`);
  }
  return removed;
}

/** Layer links whose blob is gone (a crash between sweep steps) would make HEAD lie: drop them. */
async function removeDanglingLinks(driver: StorageDriver, repositories: string[], options: GcOptions): Promise<void> {
  if (options.dryRun) return;
  for (const repository of repositories) {
    for (const digest of await listDigests(driver, layersRoot(repository))) {
      if (!(await driver.stat(blobPath(digest)))) await driver.delete(layerLinkPath(repository, digest));
    }
  }
}
