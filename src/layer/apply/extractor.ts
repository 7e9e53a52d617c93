import { constants, type Stats } from 'node:fs';
import { link, lstat, mkdir, open, readdir, rm, symlink } from 'node:fs/promises';
import { setAttributeSync } from '@napi-rs/xattr';
import { BerthError, isBerthError } from '../../core/index.js';
import { normalizeEntryPath, unsafePath } from '../secure-path.js';
import type { ApplyResult, TarEntry, TarHeader } from '../types.js';
import { applyModeAndTimes, applyOwnerAndXattrs, type MetadataPolicy } from './metadata.js';
import { makeNode, makeWhiteouts } from './mknod.js';
import { RootResolver } from './resolver.js';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
const OVERLAY_OPAQUE_XATTR = 'trusted.overlay.opaque';

/** Settings of one extraction, derived from ApplyOptions and the process's privileges. */
export interface ExtractorSettings {
  format: 'plain' | 'overlay';
  whiteouts: boolean;
  devices: boolean;
  metadata: MetadataPolicy;
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Applies tar entries one by one to a root directory; `finish()` sets directory modes/times and overlay whiteouts. */
export class Extractor {
  private readonly resolver: RootResolver;
  private readonly settings: ExtractorSettings;
  /** Real relative paths this layer created: whiteouts apply to lower layers only (OCI image spec). */
  private readonly created = new Set<string>();
  private readonly directories: { rel: string; real: string; header: TarHeader }[] = [];
  private readonly overlayWhiteouts: string[] = [];
  readonly result: ApplyResult = { entries: 0, bytes: 0 };

  constructor(root: string, settings: ExtractorSettings) {
    this.resolver = new RootResolver(root);
    this.settings = settings;
  }

  async apply(entry: TarEntry): Promise<void> {
    const name = entry.header.path;
    const rel = normalizeEntryPath(name);
    this.result.entries++;
    try {
      const base = rel.slice(rel.lastIndexOf('/') + 1);
      if (this.settings.whiteouts && base.startsWith(WHITEOUT_PREFIX)) await this.whiteout(rel, base, name);
      else await this.create(rel, entry);
    } catch (err) {
      if (isBerthError(err)) throw err;
      throw new BerthError('LAYER_IO', `cannot extract tar entry "${name}": ${(err as Error).message}`, { cause: err });
    }
  }

  private async whiteout(rel: string, base: string, name: string): Promise<void> {
    const parentRel = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '.';
    if (base === OPAQUE_MARKER) {
      const dir = await this.resolver.resolveDir(parentRel, name, true);
      if (this.settings.format === 'overlay') setAttributeSync(this.resolver.host(dir), OVERLAY_OPAQUE_XATTR, 'y');
      else await this.clearDirectory(dir);
      return;
    }
    if (base.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) return; // reserved aufs metadata (.wh..wh.plnk…): ignored like docker
    const victim = base.slice(WHITEOUT_PREFIX.length);
    if (victim === '' || victim === '.' || victim === '..') throw unsafePath(name, 'malformed whiteout name');
    let parent: string;
    try {
      parent = await this.resolver.resolveDir(parentRel, name, this.settings.format === 'overlay');
    } catch (err) {
      if (isBerthError(err, 'LAYER_IO')) return; // nothing below a missing parent to delete
      throw err;
    }
    const real = parent === '.' ? victim : `${parent}/${victim}`;
    if (this.created.has(real)) return;
    if (this.settings.format === 'overlay') this.overlayWhiteouts.push(real);
    else await this.remove(real);
  }

  private async clearDirectory(dir: string): Promise<void> {
    for (const child of await readdir(this.resolver.host(dir))) {
      const real = dir === '.' ? child : `${dir}/${child}`;
      if (!this.created.has(real)) await rm(this.resolver.host(real), { recursive: true, force: true });
    }
    this.resolver.forget();
  }

  private async remove(real: string): Promise<void> {
    const stats = await lstatOrUndefined(this.resolver.host(real));
    if (stats === undefined) return;
    await rm(this.resolver.host(real), { recursive: true, force: true });
    if (stats.isDirectory() || stats.isSymbolicLink()) this.resolver.forget();
  }

  private async create(rel: string, entry: TarEntry): Promise<void> {
    const { header } = entry;
    const real = await this.resolver.resolveEntry(rel, header.path, true);
    const host = this.resolver.host(real);
    const existing = await lstatOrUndefined(host);
    const keepDirectory = existing?.isDirectory() === true && header.type === 'directory';
    if (existing !== undefined && !keepDirectory) {
      if (real === '.') throw new BerthError('LAYER_CORRUPT', `tar entry "${header.path}" would replace the root directory with a ${header.type}`);
      await this.remove(real);
    }
    this.created.add(real);
    switch (header.type) {
      case 'directory':
        if (!keepDirectory) await mkdir(host, { mode: 0o700 });
        await applyOwnerAndXattrs(host, header, this.settings.metadata);
        this.directories.push({ rel, real, header });
        return;
      case 'file':
        await this.writeFile(host, entry);
        break;
      case 'symlink':
        await symlink(header.linkTarget ?? '', host);
        break;
      case 'hardlink':
        // The inode keeps the metadata of the entry it was created by: a chown here would clear its security.capability.
        await this.hardlink(host, header);
        return;
      case 'char-device':
      case 'block-device':
        if (!this.settings.devices) {
          this.created.delete(real);
          return;
        }
        await makeNode(host, header);
        break;
      case 'fifo':
        await makeNode(host, header);
        break;
    }
    await applyOwnerAndXattrs(host, header, this.settings.metadata);
    await applyModeAndTimes(host, header);
  }

  private async writeFile(host: string, entry: TarEntry): Promise<void> {
    const file = await open(host, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      for await (const chunk of entry.body) {
        await file.write(chunk);
        this.result.bytes += chunk.length;
      }
    } finally {
      await file.close();
    }
  }

  /** Links to an earlier path of the same root; the target must exist and stay inside. */
  private async hardlink(host: string, header: TarHeader): Promise<void> {
    const target = header.linkTarget ?? '';
    let targetRel: string;
    try {
      targetRel = normalizeEntryPath(target);
    } catch {
      throw unsafePath(header.path, `hardlink target "${target}" is outside the root`);
    }
    const targetReal = await this.resolver.resolveEntry(targetRel, header.path, false);
    const stats = await lstatOrUndefined(this.resolver.host(targetReal));
    if (stats === undefined) throw new BerthError('LAYER_CORRUPT', `tar entry "${header.path}" is a hardlink to "${target}", which is not in the layer or below it`);
    if (stats.isDirectory()) throw new BerthError('LAYER_CORRUPT', `tar entry "${header.path}" is a hardlink to the directory "${target}"`);
    await link(this.resolver.host(targetReal), host);
  }

  /** Sets directory modes and times (deepest last-written first, after their contents) and creates overlay whiteouts. */
  async finish(): Promise<void> {
    for (const { rel, real, header } of this.directories.reverse()) {
      const now = await this.resolver.resolveEntry(rel, header.path, false).catch(() => undefined);
      if (now !== real || !(await lstatOrUndefined(this.resolver.host(real)))?.isDirectory()) continue;
      await applyModeAndTimes(this.resolver.host(real), header);
    }
    const whiteouts = this.overlayWhiteouts.filter((real) => !this.created.has(real));
    if (whiteouts.length > 0 && !this.settings.metadata.root) {
      throw new BerthError('LAYER_IO', `unpacking a layer with whiteouts in overlay format needs root (whiteouts are character devices), first: "${whiteouts[0]}"`);
    }
    await makeWhiteouts(whiteouts.map((real) => this.resolver.host(real)));
  }
}
