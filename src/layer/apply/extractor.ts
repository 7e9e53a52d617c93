import { closeSync, constants, linkSync, lstatSync, mkdirSync, openSync, readdirSync, rmSync, symlinkSync, writeSync, type Stats } from 'node:fs';
import { setAttributeSync } from '../../core/index.js';
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
  stripAbsolutePaths: boolean;
  chrootSymlinks: boolean;
  whiteouts: boolean;
  devices: boolean;
  metadata: MetadataPolicy;
}

function lstatOrUndefined(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}

/**
 * Applies tar entries one by one to a root directory; `finish()` sets directory modes/times and
 * overlay whiteouts. Filesystem calls are synchronous: each takes microseconds, while an awaited
 * thread-pool round trip per call made extraction of many small files several times slower.
 */
export class Extractor {
  private readonly resolver: RootResolver;
  private readonly settings: ExtractorSettings;
  /** Real relative paths this layer created: whiteouts apply to lower layers only (OCI image spec). */
  private readonly created = new Set<string>();
  private readonly directories: { rel: string; real: string; header: TarHeader }[] = [];
  private readonly overlayWhiteouts: string[] = [];
  readonly result: ApplyResult = { entries: 0, bytes: 0 };

  constructor(root: string, settings: ExtractorSettings) {
    this.resolver = new RootResolver(root, settings.chrootSymlinks);
    this.settings = settings;
  }

  async apply(entry: TarEntry): Promise<void> {
    const name = entry.header.path;
    const rel = normalizeEntryPath(this.relative(name), name);
    this.result.entries++;
    try {
      const base = rel.slice(rel.lastIndexOf('/') + 1);
      if (this.settings.whiteouts && base.startsWith(WHITEOUT_PREFIX)) this.whiteout(rel, base, name);
      else await this.create(rel, entry);
    } catch (err) {
      if (isBerthError(err)) throw err;
      throw new BerthError('LAYER_IO', `cannot extract tar entry "${name}": ${(err as Error).message}`, { cause: err });
    }
  }

  /** Entry names as given, or with leading slashes removed when absolute names count as relative. */
  private relative(name: string): string {
    return this.settings.stripAbsolutePaths ? name.replace(/^\/+/, '') || '.' : name;
  }

  private whiteout(rel: string, base: string, name: string): void {
    const parentRel = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '.';
    if (base === OPAQUE_MARKER) {
      const dir = this.resolver.resolveDir(parentRel, name, true);
      if (this.settings.format === 'overlay') setAttributeSync(this.resolver.host(dir), OVERLAY_OPAQUE_XATTR, 'y');
      else this.clearDirectory(dir);
      return;
    }
    if (base.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) return; // reserved aufs metadata (.wh..wh.plnk…): ignored like docker
    const victim = base.slice(WHITEOUT_PREFIX.length);
    if (victim === '' || victim === '.' || victim === '..') throw unsafePath(name, 'malformed whiteout name');
    let parent: string;
    try {
      parent = this.resolver.resolveDir(parentRel, name, this.settings.format === 'overlay');
    } catch (err) {
      if (isBerthError(err, 'LAYER_IO')) return; // nothing below a missing parent to delete
      throw err;
    }
    const real = parent === '.' ? victim : `${parent}/${victim}`;
    if (this.created.has(real)) return;
    if (this.settings.format === 'overlay') this.overlayWhiteouts.push(real);
    else this.remove(real);
  }

  private clearDirectory(dir: string): void {
    for (const child of readdirSync(this.resolver.host(dir))) {
      const real = dir === '.' ? child : `${dir}/${child}`;
      if (!this.created.has(real)) rmSync(this.resolver.host(real), { recursive: true, force: true });
    }
    this.resolver.forget();
  }

  private remove(real: string): void {
    const stats = lstatOrUndefined(this.resolver.host(real));
    if (stats === undefined) return;
    rmSync(this.resolver.host(real), { recursive: true, force: true });
    if (stats.isDirectory() || stats.isSymbolicLink()) this.resolver.forget();
  }

  private async create(rel: string, entry: TarEntry): Promise<void> {
    const { header } = entry;
    const real = this.resolver.resolveEntry(rel, header.path, true);
    const host = this.resolver.host(real);
    const existing = lstatOrUndefined(host);
    const keepDirectory = existing?.isDirectory() === true && header.type === 'directory';
    if (existing !== undefined && !keepDirectory) {
      if (real === '.') throw new BerthError('LAYER_CORRUPT', `tar entry "${header.path}" would replace the root directory with a ${header.type}`);
      this.remove(real);
    }
    this.created.add(real);
    switch (header.type) {
      case 'directory':
        if (!keepDirectory) mkdirSync(host, { mode: 0o700 });
        applyOwnerAndXattrs(host, header, this.settings.metadata);
        this.directories.push({ rel, real, header });
        return;
      case 'file':
        await this.writeFile(host, entry);
        break;
      case 'symlink':
        symlinkSync(header.linkTarget ?? '', host);
        break;
      case 'hardlink':
        // The inode keeps the metadata of the entry it was created by: a chown here would clear its security.capability.
        this.hardlink(host, header);
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
    applyOwnerAndXattrs(host, header, this.settings.metadata);
    applyModeAndTimes(host, header);
  }

  private async writeFile(host: string, entry: TarEntry): Promise<void> {
    const fd = openSync(host, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      for await (const chunk of entry.body) {
        for (let written = 0; written < chunk.length;) written += writeSync(fd, chunk, written);
        this.result.bytes += chunk.length;
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Links to an earlier path of the same root; the target must exist and stay inside. */
  private hardlink(host: string, header: TarHeader): void {
    const target = header.linkTarget ?? '';
    let targetRel: string;
    try {
      targetRel = normalizeEntryPath(this.relative(target));
    } catch {
      throw unsafePath(header.path, `hardlink target "${target}" is outside the root`);
    }
    const targetReal = this.resolver.resolveEntry(targetRel, header.path, false);
    const stats = lstatOrUndefined(this.resolver.host(targetReal));
    if (stats === undefined) throw new BerthError('LAYER_CORRUPT', `tar entry "${header.path}" is a hardlink to "${target}", which is not in the layer or below it`);
    if (stats.isDirectory()) throw new BerthError('LAYER_CORRUPT', `tar entry "${header.path}" is a hardlink to the directory "${target}"`);
    linkSync(this.resolver.host(targetReal), host);
  }

  /** Sets directory modes and times (deepest last-written first, after their contents) and creates overlay whiteouts. */
  async finish(): Promise<void> {
    for (const { rel, real, header } of this.directories.reverse()) {
      let now: string | undefined;
      try {
        now = this.resolver.resolveEntry(rel, header.path, false);
      } catch {
        continue; // replaced or removed by a later entry
      }
      if (now !== real || !lstatOrUndefined(this.resolver.host(real))?.isDirectory()) continue;
      applyModeAndTimes(this.resolver.host(real), header);
    }
    const whiteouts = this.overlayWhiteouts.filter((real) => !this.created.has(real));
    if (whiteouts.length > 0 && !this.settings.metadata.root) {
      throw new BerthError('LAYER_IO', `unpacking a layer with whiteouts in overlay format needs root (whiteouts are character devices), first: "${whiteouts[0]}"`);
    }
    await makeWhiteouts(whiteouts.map((real) => this.resolver.host(real)));
  }
}
