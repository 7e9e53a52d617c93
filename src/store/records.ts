// Image records kept as the layout's own index.json: each record is an index entry (the target
// descriptor) whose annotations carry the name, the record time and a cached summary. So the
// store root is a valid OCI image layout that skopeo (`oci:ROOT:TAG`) and umoci can read.

import { link, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BerthError,
  formatReference,
  normalizeReference,
  OCI_INDEX,
  type Annotations,
  type Descriptor,
  type Digest,
  type Index,
} from '../core/index.js';
import { isNotFound, syncDir, tempPath, writeFileAtomic } from './fsutil.js';
import type { StoreLock } from './lock.js';
import type { ImageRecord, ImageRecords, ImageSummary } from './types.js';

/** Annotation with the full normalized name (as containerd writes it in exported layouts). */
export const ANNOTATION_NAME = 'io.containerd.image.name';
/** Annotation with the tag alone (what OCI tools look up as the layout's reference). */
export const ANNOTATION_REF_NAME = 'org.opencontainers.image.ref.name';
const ANNOTATION_RECORD_CREATED = 'io.berth.record.created';
const ANNOTATION_ID = 'io.berth.image.id';
const ANNOTATION_IMAGE_CREATED = 'io.berth.image.created';
const ANNOTATION_SIZE = 'io.berth.image.size';
const OWN_ANNOTATIONS = new Set([ANNOTATION_NAME, ANNOTATION_REF_NAME, ANNOTATION_RECORD_CREATED, ANNOTATION_ID, ANNOTATION_IMAGE_CREATED, ANNOTATION_SIZE]);

/** Normalizes a name given by a caller (`busybox:local` → `docker.io/library/busybox:local`). */
export function normalizeRecordName(name: string): string {
  return formatReference(normalizeReference(name));
}

function toEntry(record: ImageRecord): Descriptor {
  const annotations: Annotations = { ...record.target.annotations };
  if (record.name !== undefined) {
    annotations[ANNOTATION_NAME] = record.name;
    const reference = normalizeReference(record.name);
    if (reference.tag !== undefined) annotations[ANNOTATION_REF_NAME] = reference.tag;
  }
  annotations[ANNOTATION_RECORD_CREATED] = record.created;
  if (record.summary !== undefined) {
    annotations[ANNOTATION_ID] = record.summary.id;
    if (record.summary.size !== undefined) annotations[ANNOTATION_SIZE] = String(record.summary.size);
    if (record.summary.created !== undefined) annotations[ANNOTATION_IMAGE_CREATED] = record.summary.created;
  }
  return { ...record.target, annotations };
}

function fromEntry(entry: Descriptor): ImageRecord {
  const annotations = entry.annotations ?? {};
  const own: Annotations = {};
  let foreign = false;
  for (const key of Object.keys(annotations)) {
    if (OWN_ANNOTATIONS.has(key)) continue;
    own[key] = annotations[key];
    foreign = true;
  }
  const target: Descriptor = { ...entry };
  if (foreign) target.annotations = own;
  else delete target.annotations;
  const record: ImageRecord = { target, created: annotations[ANNOTATION_RECORD_CREATED] ?? new Date(0).toISOString() };
  if (annotations[ANNOTATION_NAME] !== undefined) record.name = annotations[ANNOTATION_NAME];
  if (annotations[ANNOTATION_ID] !== undefined) {
    const summary: ImageSummary = { id: annotations[ANNOTATION_ID] as Digest };
    if (annotations[ANNOTATION_SIZE] !== undefined) summary.size = Number(annotations[ANNOTATION_SIZE]);
    if (annotations[ANNOTATION_IMAGE_CREATED] !== undefined) summary.created = annotations[ANNOTATION_IMAGE_CREATED];
    record.summary = summary;
  }
  return record;
}

function sortRecords(records: ImageRecord[]): ImageRecord[] {
  const key = (r: ImageRecord): string => (r.name === undefined ? `1${r.target.digest}` : `0${r.name}`);
  return [...records].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Computes the cached summary of a target (may read blobs; called outside the lock). */
export type Summarizer = (target: Descriptor) => Promise<ImageSummary | undefined>;

/** ImageRecords over `<root>/index.json`. */
export class IndexRecords implements ImageRecords {
  private readonly path: string;

  constructor(
    root: string,
    private readonly lock: StoreLock,
    private readonly summarize: Summarizer,
  ) {
    this.path = join(root, 'index.json');
  }

  /** Creates an empty index.json unless one exists (never overwrites: link fails on an existing file). */
  async initialize(): Promise<void> {
    const temp = tempPath(join(this.path, '..'), 'index.json');
    await writeFileAtomic(temp, serialize([]));
    try {
      await link(temp, this.path);
      await syncDir(join(this.path, '..'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await rm(temp, { force: true });
    }
  }

  async list(): Promise<ImageRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    let index: Index;
    try {
      index = JSON.parse(text) as Index;
    } catch (err) {
      throw new BerthError('STORE_CORRUPT', `image records ${this.path} are not valid JSON: ${(err as Error).message}`, { cause: err });
    }
    if (!Array.isArray(index.manifests)) throw new BerthError('STORE_CORRUPT', `image records ${this.path} have no "manifests" array`);
    return index.manifests.map(fromEntry);
  }

  async get(name: string): Promise<ImageRecord | undefined> {
    const normalized = normalizeRecordName(name);
    return (await this.list()).find((r) => r.name === normalized);
  }

  async tag(name: string, target: Descriptor, options: { keepDangling?: boolean } = {}): Promise<void> {
    await this.tagAll([name], target, options);
  }

  async tagAll(names: string[], target: Descriptor, options: { keepDangling?: boolean } = {}): Promise<void> {
    const normalized = [...new Set(names.map(normalizeRecordName))];
    const summary = await this.summarize(target);
    const keepDangling = options.keepDangling !== false;
    await this.update((records) => ({ records: normalized.reduce((current, name) => pointName(current, name, target, summary, keepDangling), records), result: undefined }));
  }

  async untag(name: string, options: { keepDangling?: boolean } = {}): Promise<ImageRecord | undefined> {
    const normalized = normalizeRecordName(name);
    return this.update((records) => {
      const removed = records.find((r) => r.name === normalized);
      if (removed === undefined) return { records, result: undefined };
      let next = records.filter((r) => r !== removed);
      if (options.keepDangling === true) next = keepAsDangling(next, removed);
      return { records: next, result: removed };
    });
  }

  async untagWithDigests(name: string): Promise<string[]> {
    const normalized = normalizeRecordName(name);
    const { domain, path, digest } = normalizeReference(normalized);
    return this.update((records) => {
      const own = records.find((r) => r.name === normalized);
      if (own === undefined) return { records, result: [] };
      // The other names of this image in the same repository, with whether each is a digest name.
      const siblings = records.flatMap((r) => {
        if (r.name === undefined || r.name === normalized || r.target.digest !== own.target.digest) return [];
        const ref = normalizeReference(r.name);
        return ref.domain === domain && ref.path === path ? [{ name: r.name, isDigest: ref.digest !== undefined }] : [];
      });
      const lastTag = digest === undefined && siblings.every((s) => s.isDigest);
      const removed = new Set([normalized, ...(lastTag ? siblings.map((s) => s.name) : [])]);
      return { records: records.filter((r) => r.name === undefined || !removed.has(r.name)), result: [...removed] };
    });
  }

  async addDangling(target: Descriptor): Promise<void> {
    const summary = await this.summarize(target);
    await this.update((records) => {
      if (records.some((r) => r.target.digest === target.digest)) return { records, result: undefined };
      return { records: [...records, withSummary({ target, created: new Date().toISOString() }, summary)], result: undefined };
    });
  }

  async removeTarget(digest: Digest): Promise<ImageRecord[]> {
    return this.update((records) => ({
      records: records.filter((r) => r.target.digest !== digest),
      result: records.filter((r) => r.target.digest === digest),
    }));
  }

  async update<T>(change: (records: ImageRecord[]) => { records: ImageRecord[]; result: T }): Promise<T> {
    return this.lock.run(() => this.updateLocked(change));
  }

  /** update() for callers already holding the store lock (gc, Store.withLock users). */
  async updateLocked<T>(change: (records: ImageRecord[]) => { records: ImageRecord[]; result: T }): Promise<T> {
    const before = await this.list();
    const { records, result } = change(before);
    if (records !== before) await writeFileAtomic(this.path, serialize(sortRecords(records)));
    return result;
  }
}

/**
 * The records with `name` pointing at `target` (`records` itself when it already does and the
 * summary is current); the previous target of `name` stays as a dangling record if `keepDangling`.
 */
function pointName(records: ImageRecord[], name: string, target: Descriptor, summary: ImageSummary | undefined, keepDangling: boolean): ImageRecord[] {
  const previous = records.find((r) => r.name === name);
  if (previous?.target.digest === target.digest) return refreshSummary(records, target.digest, summary);
  let next = records.filter((r) => r.name !== name && !(r.name === undefined && r.target.digest === target.digest));
  next.push(withSummary({ name, target, created: new Date().toISOString() }, summary));
  if (previous !== undefined && keepDangling) next = keepAsDangling(next, previous);
  return next;
}

/**
 * The records with `summary` on every record of `digest` when it changed (an index whose default
 * platform changed because another platform was pulled into it); `records` itself when not.
 */
function refreshSummary(records: ImageRecord[], digest: Digest, summary: ImageSummary | undefined): ImageRecord[] {
  const stale = (r: ImageRecord): boolean => r.target.digest === digest && summary !== undefined && r.summary?.id !== summary.id;
  return records.some(stale) ? records.map((r) => (stale(r) ? withSummary(r, summary) : r)) : records;
}

function withSummary(record: ImageRecord, summary: ImageSummary | undefined): ImageRecord {
  return summary === undefined ? record : { ...record, summary };
}

/** Keeps `previous`'s target as a dangling record when nothing else points at it any more. */
function keepAsDangling(records: ImageRecord[], previous: ImageRecord): ImageRecord[] {
  if (records.some((r) => r.target.digest === previous.target.digest)) return records;
  const dangling: ImageRecord = { target: previous.target, created: previous.created };
  return [...records, withSummary(dangling, previous.summary)];
}

function serialize(records: ImageRecord[]): string {
  const index: Index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: records.map(toEntry) };
  return `${JSON.stringify(index, null, 2)}\n`;
}
