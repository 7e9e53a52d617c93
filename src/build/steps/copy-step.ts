import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { AddInstruction, CopyInstruction } from '../../dockerfile/types.js';
import { DirectoryContext, parseIgnoreText } from '../context/index.js';
import { cacheKey } from '../cache/key.js';
import type { ImageState } from '../image/state.js';
import { resolveChown } from './chown.js';
import type { Owner } from './chown.js';
import { copySources, mkdirInRoot } from './copier.js';
import type { StepEnv } from './env.js';
import { downloadUrl, isUrl } from './fetch-url.js';
import { isLocalArchive, unpackArchive } from './archive.js';
import { runLayerStep } from './layer-step.js';
import { directCopyTar } from './direct-copy.js';
import type { Readable } from 'node:stream';
import { layer } from '../lazy.js';
import { cleanSourcePath, matchSources, sourcesChecksum } from './sources.js';
import { BerthError, isBerthError } from '../../core/index.js';
import type { MatchedSource, SourceTree } from './sources.js';

/** Display and history details of a step, decided by the solver. */
export interface StepNaming {
  name: string;
  /** History time fixed by SOURCE_DATE_EPOCH; without it a layer step takes its cache record's time. */
  created?: string;
}

const ROOT: Owner = { uid: 0, gid: 0 };

/** The absolute destination of COPY/ADD: relative paths are below WORKDIR; a trailing slash is kept. */
export function copyDestination(dest: string, workdir: string | undefined): string {
  const slash = dest.endsWith('/') || dest === '.' || dest.endsWith('/.');
  const abs = posix.isAbsolute(dest) ? posix.normalize(dest) : posix.join('/', workdir ?? '/', dest);
  return slash && !abs.endsWith('/') ? `${abs}/` : abs;
}

interface PreparedSources {
  groups: Array<{ tree: SourceTree; sources: MatchedSource[]; archives: boolean }>;
  /** Work needed only when the step runs (opening a `--from` view), not for its cache key. */
  deferred: Array<() => Promise<void>>;
  identity: unknown[];
  createdBy: string[];
  cleanup: Array<() => Promise<void>>;
}

async function prepareSources(env: StepEnv, ins: CopyInstruction | AddInstruction): Promise<PreparedSources> {
  const out: PreparedSources = { groups: [], deferred: [], identity: [], createdBy: [], cleanup: [] };
  const paths = ins.sources.filter((s) => s.kind === 'path').map((s) => s.path);
  const urls = ins.kind === 'ADD' ? paths.filter(isUrl) : [];
  const local = paths.filter((p) => !urls.includes(p));
  if (ins.kind === 'COPY' && ins.from !== undefined) {
    const name = ins.from;
    // The stage's (or image's) identity decides the key; its files are opened only on a miss.
    out.identity.push({ from: await env.fromKey(name), paths: local });
    out.deferred.push(async () => {
      const from = await env.openFrom(name);
      out.cleanup.push(() => from.release());
      out.groups.unshift({ tree: from.tree, sources: await matchSources(from.tree, local, ins.exclude), archives: false });
    });
  } else if (local.length > 0) {
    const sources = await matchSources(env.context, local, ins.exclude).catch((err: unknown) => {
      const ignored = local.map(cleanSourcePath).find((p) => p !== '' && env.context.isIgnored(p));
      if (isBerthError(err, 'COPY_SOURCE_NOT_FOUND') && ignored !== undefined) {
        throw new BerthError(err.code, err.message, { hint: `"${ignored}" is excluded by .dockerignore; remove it from there to copy it` });
      }
      throw err;
    });
    out.groups.push({ tree: env.context, sources, archives: ins.kind === 'ADD' });
    out.identity.push(await sourcesChecksum(env.context, sources));
  }
  const heredocs = ins.sources.filter((s) => s.kind === 'heredoc');
  if (urls.length > 0 || heredocs.length > 0) {
    const dir = await mkdtemp(join(tmpdir(), 'berth-copy-src-'));
    out.cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const names: string[] = [];
    for (const url of urls) {
      const { path, digest } = await downloadUrl(url, dir, ins.kind === 'ADD' ? ins.checksum : undefined, env.signal);
      names.push(posix.basename(path));
      out.identity.push({ url, digest });
    }
    for (const s of heredocs) {
      await writeFile(join(dir, s.heredoc.name), s.heredoc.content);
      await chmod(join(dir, s.heredoc.name), 0o664);
      names.push(s.heredoc.name);
      out.identity.push({ heredoc: s.heredoc.name, content: s.heredoc.content });
    }
    const tree = new DirectoryContext(dir, parseIgnoreText(''));
    out.groups.push({ tree, sources: await matchSources(tree, names), archives: false });
  }
  out.createdBy = ins.sources.map((s) => (s.kind === 'path' ? s.path : `<<${s.heredoc.name}`));
  return out;
}

async function writeAll(rootfs: string, prepared: PreparedSources, dest: string, owner: Owner, ins: CopyInstruction | AddInstruction): Promise<void> {
  const chmodValue = ins.chmod !== undefined ? Number.parseInt(ins.chmod, 8) : undefined;
  const total = prepared.groups.reduce((n, g) => n + g.sources.length, 0);
  const finalDest = total > 1 && !dest.endsWith('/') ? `${dest}/` : dest;
  for (const group of prepared.groups) {
    const plain: MatchedSource[] = [];
    for (const source of group.sources) {
      if (group.archives && source.entry.type === 'file' && (await isLocalArchive(source.entry.abs))) {
        await unpackArchive(source.entry.abs, await mkdirInRoot(rootfs, finalDest, owner));
      } else plain.push(source);
    }
    await copySources(rootfs, plain, finalDest, { owner, chmod: chmodValue, parents: ins.parents });
  }
}

/** A COPY of one source to a new place is packed straight from the source (see directCopyTar). */
async function directTar(rootfs: string, prepared: PreparedSources, dest: string, owner: Owner, ins: CopyInstruction | AddInstruction, epoch?: number): Promise<Readable | undefined> {
  const [group, ...others] = prepared.groups;
  if (ins.kind !== 'COPY' || others.length > 0 || group?.sources.length !== 1) return undefined;
  const chmod = ins.chmod !== undefined ? Number.parseInt(ins.chmod, 8) : undefined;
  return directCopyTar(rootfs, group.sources[0], dest, { owner, chmod, parents: ins.parents }, epoch);
}

/** Runs COPY or ADD: sources matched and checksummed, then copied into a snapshot of the parent (or, with --link, into an empty layer). */
export async function copyStep(env: StepEnv, state: ImageState, ins: CopyInstruction | AddInstruction, naming: StepNaming): Promise<ImageState> {
  const prepared = await prepareSources(env, ins);
  try {
    const dest = copyDestination(ins.dest, state.config.config?.WorkingDir);
    const flags = { chown: ins.chown, chmod: ins.chmod, link: ins.link, parents: ins.parents, exclude: ins.exclude };
    const key = cacheKey(ins.link ? 'link' : state.cacheKey, ins.kind, dest, flags, prepared.identity);
    const createdBy = `${ins.kind} ${[...prepared.createdBy, ins.dest].join(' ')} # buildkit`;
    const info = { key, chainKey: ins.link ? cacheKey(state.cacheKey, key) : key, name: naming.name, createdBy, created: naming.created };
    return await runLayerStep(env, state, info, async () => {
      for (const load of prepared.deferred) await load();
      if (ins.link) {
        const dir = await mkdtemp(join(tmpdir(), 'berth-link-'));
        try {
          const owner = ins.chown ? await resolveChown(dir, ins.chown) : ROOT;
          await writeAll(dir, prepared, dest, owner, ins);
          return await env.workspace.storeLayer((await layer()).directoryToLayer(dir, env.workspace.packOptions()));
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
      return env.workspace.withSnapshot(state.layers, async (snapshot) => {
        const owner = ins.chown ? await resolveChown(snapshot.rootfs, ins.chown) : ROOT;
        const direct = await directTar(snapshot.rootfs, prepared, dest, owner, ins, env.workspace.packOptions().sourceDateEpoch);
        if (direct) return env.workspace.storeLayer(direct);
        await writeAll(snapshot.rootfs, prepared, dest, owner, ins);
        return env.workspace.commit(snapshot);
      });
    });
  } finally {
    for (const release of prepared.cleanup) await release();
  }
}
