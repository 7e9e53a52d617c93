import { createHash, randomUUID, type Hash } from 'node:crypto';
import type { Digest } from '../../core/index.js';
import { RegistryError } from './errors.js';
import type { RegistryStorage } from './registry-storage.js';
import { blobPath, uploadDataPath, uploadInfoPath, UPLOADS_ROOT } from './storage/paths.js';

/** What an upload session records on storage. */
interface UploadInfo {
  repository: string;
  startedAt: string;
}

/** The running sha256 of an upload's bytes, valid while `size` equals the data's size. */
interface HashState {
  hash: Hash;
  size: number;
  usedAt: number;
}

/** A chunk's position as a Content-Range header gives it (inclusive end). */
export interface ChunkRange {
  start: number;
  end: number;
}

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HASH_STATES_MAX = 1024;

/** The `Range` header value of an upload holding `size` bytes (distribution's convention for 0). */
export function uploadRange(size: number): string {
  return `0-${Math.max(0, size - 1)}`;
}

/**
 * Blob upload sessions. Bytes are appended to one object per session and hashed as they flow,
 * so finishing a streamed upload costs no second read; after a restart (no hash in memory) the
 * data is re-read once. Finishing verifies the digest, then moves the data into place
 * atomically: a blob is visible whole or not at all.
 */
export class Uploads {
  private readonly storage: RegistryStorage;
  private readonly hashes = new Map<string, HashState>();
  private readonly locks = new Map<string, Promise<void>>();

  constructor(storage: RegistryStorage) {
    this.storage = storage;
  }

  private get driver() {
    return this.storage.driver;
  }

  /** Starts a session for `repository`; returns its id. */
  async create(repository: string): Promise<string> {
    const id = randomUUID();
    const info: UploadInfo = { repository, startedAt: new Date().toISOString() };
    await this.driver.putContent(uploadInfoPath(id), JSON.stringify(info));
    return id;
  }

  /** The number of bytes a session holds; BLOB_UPLOAD_UNKNOWN unless it belongs to `repository`. */
  async size(repository: string, id: string): Promise<number> {
    await this.info(repository, id);
    return (await this.driver.stat(uploadDataPath(id)))?.size ?? 0;
  }

  private async info(repository: string, id: string): Promise<UploadInfo> {
    const unknown = new RegistryError('BLOB_UPLOAD_UNKNOWN', `blob upload ${id} is unknown to repository ${repository}: start a new one with POST /v2/${repository}/blobs/uploads/`, { detail: { id } });
    if (!UPLOAD_ID.test(id)) throw unknown;
    const content = await this.driver.getContent(uploadInfoPath(id));
    if (content === undefined) throw unknown;
    const info = JSON.parse(content.toString('utf8')) as UploadInfo;
    if (info.repository !== repository) throw unknown;
    return info;
  }

  /**
   * Appends a chunk. With a range, its start must be the current size (416 otherwise, with the
   * session's Range so the client can resume). Returns the new size.
   */
  append(repository: string, id: string, body: AsyncIterable<Buffer>, range?: ChunkRange): Promise<number> {
    return this.exclusive(id, async () => {
      const size = await this.size(repository, id);
      if (range && range.start !== size) {
        throw new RegistryError('BLOB_UPLOAD_INVALID', `chunk starts at byte ${range.start} but upload ${id} holds ${size} bytes: send the chunk starting at ${size}`, {
          status: 416,
          headers: { Range: uploadRange(size), Location: `/v2/${repository}/blobs/uploads/${id}`, 'Docker-Upload-UUID': id },
        });
      }
      return this.write(id, size, body, range);
    });
  }

  private async write(id: string, size: number, body: AsyncIterable<Buffer>, range: ChunkRange | undefined): Promise<number> {
    let state = this.hashes.get(id);
    if (state && state.size !== size) state = undefined;
    if (!state && size === 0) state = { hash: createHash('sha256'), size: 0, usedAt: 0 };
    this.hashes.delete(id);
    const tracked = state;
    let received = 0;
    async function* counted(): AsyncIterable<Buffer> {
      for await (const chunk of body) {
        received += chunk.length;
        tracked?.hash.update(chunk);
        yield chunk;
      }
    }
    // Data written before an error stays (the session can resume from its size); the hash does not.
    const newSize = await this.driver.append(uploadDataPath(id), counted());
    if (tracked && newSize === size + received) this.remember(id, { ...tracked, size: newSize, usedAt: Date.now() });
    if (range && received !== range.end - range.start + 1) {
      throw new RegistryError('BLOB_UPLOAD_INVALID', `Content-Range ${range.start}-${range.end} announced ${range.end - range.start + 1} bytes but the body had ${received}`, { detail: { received } });
    }
    return newSize;
  }

  private remember(id: string, state: HashState): void {
    if (this.hashes.size >= HASH_STATES_MAX) {
      // Abandoned sessions: forget the oldest hashes; finishing them re-reads their data.
      const oldest = [...this.hashes.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt).slice(0, HASH_STATES_MAX / 4);
      for (const [key] of oldest) this.hashes.delete(key);
    }
    this.hashes.set(id, state);
  }

  /**
   * Finishes a session: appends the optional last chunk, verifies `digest` against every byte
   * received, stores the blob and links it to the repository. A mismatch cancels the session.
   */
  complete(repository: string, id: string, digest: Digest, body?: AsyncIterable<Buffer>, range?: ChunkRange): Promise<void> {
    return this.exclusive(id, async () => {
      let size = await this.size(repository, id);
      if (range && range.start !== size) {
        throw new RegistryError('BLOB_UPLOAD_INVALID', `final chunk starts at byte ${range.start} but upload ${id} holds ${size} bytes`, {
          status: 416,
          headers: { Range: uploadRange(size), Location: `/v2/${repository}/blobs/uploads/${id}`, 'Docker-Upload-UUID': id },
        });
      }
      if (body) size = await this.write(id, size, body, range);
      const actual = await this.digestOf(id, size, digest.slice(0, digest.indexOf(':')));
      if (actual !== digest) {
        await this.remove(id);
        throw new RegistryError('DIGEST_INVALID', `upload ${id} has digest ${actual}, not ${digest} as the client said: the content was corrupted or the digest is wrong`, { detail: { expected: digest, actual } });
      }
      if (await this.storage.hasBlobContent(digest)) {
        await this.remove(id);
      } else if (size === 0) {
        await this.driver.putContent(blobPath(digest), Buffer.alloc(0));
        await this.remove(id);
      } else {
        await this.driver.move(uploadDataPath(id), blobPath(digest));
        await this.remove(id);
      }
      await this.storage.linkBlob(repository, digest);
    });
  }

  private async digestOf(id: string, size: number, algorithm: string): Promise<string> {
    const state = this.hashes.get(id);
    if (algorithm === 'sha256' && state && state.size === size) return `sha256:${state.hash.digest('hex')}`;
    const hash = createHash(algorithm);
    if (size > 0) {
      const stream = await this.driver.reader(uploadDataPath(id));
      if (stream) for await (const chunk of stream) hash.update(chunk as Buffer);
    }
    return `${algorithm}:${hash.digest('hex')}`;
  }

  /** Cancels a session and deletes what it received. */
  cancel(repository: string, id: string): Promise<void> {
    return this.exclusive(id, async () => {
      await this.info(repository, id);
      await this.remove(id);
    });
  }

  private async remove(id: string): Promise<void> {
    this.hashes.delete(id);
    await this.driver.delete(`${UPLOADS_ROOT}/${id}`);
  }

  /** Runs `work` after every earlier operation on the same session, one at a time. */
  private async exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const chain = previous.then(() => current);
    this.locks.set(id, chain);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.locks.get(id) === chain) this.locks.delete(id);
    }
  }
}
