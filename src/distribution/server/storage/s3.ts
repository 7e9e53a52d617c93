import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand,
  ListObjectsV2Command, PutObjectCommand, S3Client, UploadPartCommand, UploadPartCopyCommand, type CompletedPart,
} from '@aws-sdk/client-s3';
import type { ByteRange, ObjectInfo, StorageDriver } from './driver.js';

/** Where and how to reach the bucket (distribution's s3 driver settings). */
export interface S3Options {
  bucket: string;
  region: string;
  /** Endpoint of an S3-compatible server (minio, moto…); default AWS. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Key prefix inside the bucket. */
  rootDirectory?: string;
  /** Path-style URLs (bucket in the path), needed by most non-AWS servers. */
  forcePathStyle?: boolean;
}

/** Appended data is stored as part objects of this size (S3 has no append). */
const PART_BYTES = 8 * 1024 * 1024;
/** S3's smallest multipart part (except the last). */
const MIN_MULTIPART_BYTES = 5 * 1024 * 1024;
const PARTS_SUFFIX = '~parts';

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Stores objects in an S3 bucket, so several registry processes can share one store. Puts are
 * atomic in S3 already. Appends become numbered part objects beside the key (`KEY~parts/…`);
 * moving them into place assembles one object with a multipart upload (server-side copies when
 * the parts are large enough), so a blob appears whole or not at all.
 */
export class S3Driver implements StorageDriver {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3Options) {
    // The SDK prints a plain-text notice about Node 20 on stderr, which would break the JSON log
    // stream; berth targets Node 20 knowingly (the lock file pins an SDK that supports it).
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
    });
    this.bucket = options.bucket;
    this.prefix = (options.rootDirectory ?? '').replace(/^\/+|\/+$/g, '');
  }

  private key(path: string): string {
    if (path.split('/').includes('..')) throw new Error(`storage path escapes the root: ${path}`);
    const clean = path.replace(/^\/+|\/+$/g, '');
    return [this.prefix, clean].filter(Boolean).join('/');
  }

  private partsKey(path: string): string {
    return `${this.key(path)}${PARTS_SUFFIX}/`;
  }

  async getContent(path: string): Promise<Buffer | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(path) }));
      return Buffer.from(await result.Body!.transformToByteArray());
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async putContent(path: string, data: Buffer | string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(path), Body: typeof data === 'string' ? Buffer.from(data) : data }));
  }

  private async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: result.ContentLength ?? 0, modified: result.LastModified ?? new Date(0) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** The part objects of an appended key, in order. */
  private async parts(path: string): Promise<{ key: string; size: number; modified: Date }[]> {
    const parts: { key: string; size: number; modified: Date }[] = [];
    for await (const entry of this.listAll(this.partsKey(path), undefined)) {
      if (entry.Key) parts.push({ key: entry.Key, size: entry.Size ?? 0, modified: entry.LastModified ?? new Date(0) });
    }
    return parts.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async stat(path: string): Promise<ObjectInfo | undefined> {
    const object = await this.head(this.key(path));
    if (object) return object;
    const parts = await this.parts(path);
    if (parts.length === 0) return undefined;
    return { size: parts.reduce((sum, p) => sum + p.size, 0), modified: new Date(Math.max(...parts.map((p) => p.modified.getTime()))) };
  }

  async reader(path: string, range?: ByteRange): Promise<Readable | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({
        Bucket: this.bucket, Key: this.key(path), Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }));
      return result.Body as Readable;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const parts = await this.parts(path);
    if (parts.length === 0) return undefined;
    const client = this.client;
    const bucket = this.bucket;
    async function* concatenated(): AsyncIterable<Buffer> {
      for (const part of parts) {
        const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: part.key }));
        for await (const chunk of result.Body as Readable) yield chunk as Buffer;
      }
    }
    return Readable.from(concatenated());
  }

  async append(path: string, source: AsyncIterable<Buffer>): Promise<number> {
    let offset = (await this.stat(path))?.size ?? 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const body = Buffer.concat(pending, pendingBytes);
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: `${this.partsKey(path)}${String(offset).padStart(16, '0')}`, Body: body }));
      offset += pendingBytes;
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of source) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= PART_BYTES) await flush();
    }
    await flush();
    return offset;
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.key(to);
    if (await this.head(this.key(from))) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: target, CopySource: `${this.bucket}/${encodeURIComponent(this.key(from))}` }));
      await this.delete(from);
      return;
    }
    const parts = await this.parts(from);
    if (parts.length === 0) throw new Error(`cannot move ${from}: it does not exist`);
    await this.assemble(parts, target);
    await this.delete(from);
  }

  /** One object from part objects: server-side copies when S3 allows, else streamed through. */
  private async assemble(parts: { key: string; size: number }[], target: string): Promise<void> {
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: target }));
    const completed: CompletedPart[] = [];
    const copyable = parts.every((p, i) => i === parts.length - 1 || p.size >= MIN_MULTIPART_BYTES);
    if (copyable) {
      for (const [i, part] of parts.entries()) {
        const result = await this.client.send(new UploadPartCopyCommand({
          Bucket: this.bucket, Key: target, UploadId, PartNumber: i + 1, CopySource: `${this.bucket}/${encodeURIComponent(part.key)}`,
        }));
        completed.push({ PartNumber: i + 1, ETag: result.CopyPartResult?.ETag });
      }
    } else {
      let buffer: Buffer[] = [];
      let buffered = 0;
      const upload = async () => {
        const result = await this.client.send(new UploadPartCommand({ Bucket: this.bucket, Key: target, UploadId, PartNumber: completed.length + 1, Body: Buffer.concat(buffer, buffered) }));
        completed.push({ PartNumber: completed.length + 1, ETag: result.ETag });
        buffer = [];
        buffered = 0;
      };
      for (const part of parts) {
        const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: part.key }));
        for await (const chunk of result.Body as Readable) {
          buffer.push(chunk as Buffer);
          buffered += (chunk as Buffer).length;
          if (buffered >= PART_BYTES) await upload();
        }
      }
      if (buffered > 0 || completed.length === 0) await upload();
    }
    await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: target, UploadId, MultipartUpload: { Parts: completed } }));
  }

  async touch(path: string): Promise<boolean> {
    const key = this.key(path);
    if (!(await this.head(key))) return false;
    // S3 has no utimes: copying an object onto itself with new metadata renews LastModified.
    await this.client.send(new CopyObjectCommand({
      Bucket: this.bucket, Key: key, CopySource: `${this.bucket}/${encodeURIComponent(key)}`, MetadataDirective: 'REPLACE', Metadata: { touched: String(Date.now()) },
    }));
    return true;
  }

  async delete(path: string): Promise<void> {
    const key = this.key(path);
    const keys = [key];
    for (const prefix of [`${key}/`, `${key}${PARTS_SUFFIX}/`]) {
      for await (const entry of this.listAll(prefix, undefined)) if (entry.Key) keys.push(entry.Key);
    }
    for (let i = 0; i < keys.length; i += 1000) {
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    }
  }

  private async *listAll(prefix: string, delimiter: string | undefined) {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: delimiter, ContinuationToken: token }));
      for (const entry of page.Contents ?? []) yield entry;
      for (const common of page.CommonPrefixes ?? []) yield { Key: common.Prefix, Size: 0, LastModified: undefined };
      token = page.NextContinuationToken;
    } while (token);
  }

  async list(path: string): Promise<string[]> {
    const key = this.key(path);
    const prefix = key ? `${key}/` : '';
    const names = new Set<string>();
    for await (const entry of this.listAll(prefix, '/')) {
      const name = entry.Key!.slice(prefix.length).replace(/\/$/, '');
      const base = name.endsWith(PARTS_SUFFIX) ? name.slice(0, -PARTS_SUFFIX.length) : name;
      if (base && !base.startsWith('.')) names.add(base);
    }
    return [...names].sort();
  }
}
