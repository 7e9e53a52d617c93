// Expands the words of one instruction, as BuildKit does per instruction kind: ENV/LABEL keys and
// values, COPY/ADD paths and flags, WORKDIR, USER, STOPSIGNAL, VOLUME, EXPOSE (split into words),
// RUN --mount values. RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK text is left to the shell.
import type { CopyLike, CopySource, Instruction, KeyValue, MountSpec } from '../types.js';
import { isPlain } from '../shell/word-split.js';
import { MountError, parseMount } from '../instructions/mount.js';
import type { LexOptions } from '../shell/lexer.js';

/** Expansion functions over the current environment. */
export interface Expanders {
  /** One word, quotes and escapes processed. */
  word(word: string): string;
  /** One word split into several (EXPOSE). */
  words(word: string): string[];
  /** Heredoc bodies: variables only, quotes kept. */
  raw(text: string): string;
  /** The lexer options of `word` (the Dockerfile's escape character). */
  readonly options: LexOptions;
  /** Throws a located error for this instruction. */
  fail(message: string, hint?: string): never;
}

function opt(value: string | undefined, ex: Expanders): string | undefined {
  return value === undefined ? undefined : ex.word(value);
}

/**
 * `list` mapped by `f` (given `ex`, so callers pass a function instead of making a closure per
 * instruction); `list` itself when `f` returned every element unchanged.
 */
function mapShared<T>(list: T[], f: (item: T, ex: Expanders) => T, ex: Expanders): T[] {
  let out: T[] | undefined;
  for (let k = 0; k < list.length; k++) {
    const item = f(list[k], ex);
    if (item !== list[k]) out ??= list.slice();
    if (out) out[k] = item;
  }
  return out ?? list;
}

/** EXPOSE's ports, each split into words once expanded: `ports` itself when nothing changed. */
function expandPorts(ports: string[], ex: Expanders): string[] {
  let out: string[] | undefined;
  for (let k = 0; k < ports.length; k++) {
    const words = ex.words(ports[k]);
    if (!out && (words.length !== 1 || words[0] !== ports[k])) out = ports.slice(0, k);
    if (out) for (const w of words) out.push(w);
  }
  return out ?? ports;
}

function expandOne(word: string, ex: Expanders): string {
  return ex.word(word);
}

function expandSource(s: CopySource, ex: Expanders): CopySource {
  if (s.kind === 'path') {
    const path = ex.word(s.path);
    return path === s.path ? s : { kind: 'path', path };
  }
  if (!s.heredoc.expand) return s;
  const content = ex.raw(s.heredoc.content);
  return content === s.heredoc.content ? s : { kind: 'heredoc', heredoc: { ...s.heredoc, content } };
}

/** A --mount value parsed again with its values expanded; `m` itself when it holds nothing to expand. */
function expandMount(m: MountSpec, ex: Expanders): MountSpec {
  if (isPlain(m.original, ex.options)) return m;
  try {
    return parseMount(m.original, ex.word);
  } catch (err) {
    if (err instanceof MountError) ex.fail(err.message, err.hint);
    throw err;
  }
}

function expandPair(p: KeyValue, ex: Expanders): KeyValue {
  const key = ex.word(p.key);
  const value = ex.word(p.value);
  return key === p.key && value === p.value ? p : { key, value, legacy: p.legacy };
}

/**
 * COPY or ADD with its words expanded, its own optional word `own` (COPY's `from`, ADD's
 * `checksum`) included: `i` itself when expansion changed nothing.
 */
function expandCopyLike<T extends CopyLike>(i: T, ex: Expanders, own: keyof T & ('from' | 'checksum')): T {
  const ownWord = i[own] as string | undefined;
  const sources = mapShared(i.sources, expandSource, ex);
  const dest = ex.word(i.dest);
  const exclude = mapShared(i.exclude, expandOne, ex);
  const chown = opt(i.chown, ex);
  const chmod = opt(i.chmod, ex);
  const ownExpanded = opt(ownWord, ex);
  if (sources === i.sources && dest === i.dest && exclude === i.exclude && chown === i.chown && chmod === i.chmod && ownExpanded === ownWord) return i;
  const out: T = { ...i, sources, dest, exclude };
  // Optional fields stay absent when unset, as the parser leaves them.
  if (chown !== undefined) out.chown = chown;
  if (chmod !== undefined) out.chmod = chmod;
  if (ownExpanded !== undefined) (out as Record<typeof own, string>)[own] = ownExpanded;
  return out;
}

/** `i` with its expandable words expanded: `i` itself when expansion changed nothing. */
export function expandInstruction(i: Instruction, ex: Expanders): Instruction {
  switch (i.kind) {
    case 'ENV':
    case 'LABEL': {
      const pairs = mapShared(i.pairs, expandPair, ex);
      return pairs === i.pairs ? i : ({ ...i, pairs } as Instruction);
    }
    case 'COPY':
      return expandCopyLike(i, ex, 'from');
    case 'ADD':
      return expandCopyLike(i, ex, 'checksum');
    case 'WORKDIR': {
      const path = ex.word(i.path);
      return path === i.path ? i : { ...i, path };
    }
    case 'USER': {
      const user = ex.word(i.user);
      return user === i.user ? i : { ...i, user };
    }
    case 'STOPSIGNAL': {
      const signal = ex.word(i.signal);
      return signal === i.signal ? i : { ...i, signal };
    }
    case 'VOLUME': {
      const paths = mapShared(i.paths, expandOne, ex);
      return paths === i.paths ? i : { ...i, paths };
    }
    case 'EXPOSE': {
      const ports = expandPorts(i.ports, ex);
      return ports === i.ports ? i : { ...i, ports };
    }
    case 'RUN': {
      const mounts = mapShared(i.mounts, expandMount, ex);
      return mounts === i.mounts ? i : { ...i, mounts };
    }
    default:
      return i;
  }
}
