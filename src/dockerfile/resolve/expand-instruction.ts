// Expands the words of one instruction, as BuildKit does per instruction kind: ENV/LABEL keys and
// values, COPY/ADD paths and flags, WORKDIR, USER, STOPSIGNAL, VOLUME, EXPOSE (split into words),
// RUN --mount values. RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK text is left to the shell.
import type { CopySource, Instruction } from '../types.js';
import { MountError, parseMount } from '../instructions/mount.js';

/** Expansion functions over the current environment. */
export interface Expanders {
  /** One word, quotes and escapes processed. */
  word(word: string): string;
  /** One word split into several (EXPOSE). */
  words(word: string): string[];
  /** Heredoc bodies: variables only, quotes kept. */
  raw(text: string): string;
  /** Throws a located error for this instruction. */
  fail(message: string, hint?: string): never;
}

function opt(value: string | undefined, ex: Expanders): string | undefined {
  return value === undefined ? undefined : ex.word(value);
}

function sources(list: CopySource[], ex: Expanders): CopySource[] {
  return list.map((s) => (s.kind === 'path' ? { kind: 'path', path: ex.word(s.path) } : s.heredoc.expand ? { kind: 'heredoc', heredoc: { ...s.heredoc, content: ex.raw(s.heredoc.content) } } : s));
}

function withOptional<T extends object>(obj: T, key: keyof T & string, value: string | undefined): T {
  if (value !== undefined) (obj as Record<string, unknown>)[key] = value;
  return obj;
}

/** A copy of `i` with its expandable words expanded. */
export function expandInstruction(i: Instruction, ex: Expanders): Instruction {
  switch (i.kind) {
    case 'ENV':
    case 'LABEL':
      return { ...i, pairs: i.pairs.map((p) => ({ key: ex.word(p.key), value: ex.word(p.value), legacy: p.legacy })) } as Instruction;
    case 'COPY': {
      const copy = { ...i, sources: sources(i.sources, ex), dest: ex.word(i.dest), exclude: i.exclude.map(ex.word) };
      withOptional(copy, 'chown', opt(i.chown, ex));
      withOptional(copy, 'chmod', opt(i.chmod, ex));
      return withOptional(copy, 'from', opt(i.from, ex));
    }
    case 'ADD': {
      const add = { ...i, sources: sources(i.sources, ex), dest: ex.word(i.dest), exclude: i.exclude.map(ex.word) };
      withOptional(add, 'chown', opt(i.chown, ex));
      withOptional(add, 'chmod', opt(i.chmod, ex));
      return withOptional(add, 'checksum', opt(i.checksum, ex));
    }
    case 'WORKDIR':
      return { ...i, path: ex.word(i.path) };
    case 'USER':
      return { ...i, user: ex.word(i.user) };
    case 'STOPSIGNAL':
      return { ...i, signal: ex.word(i.signal) };
    case 'VOLUME':
      return { ...i, paths: i.paths.map(ex.word) };
    case 'EXPOSE':
      return { ...i, ports: i.ports.flatMap(ex.words) };
    case 'RUN':
      return {
        ...i,
        mounts: i.mounts.map((m) => {
          try {
            return parseMount(m.original, ex.word);
          } catch (err) {
            if (err instanceof MountError) ex.fail(err.message, err.hint);
            throw err;
          }
        }),
      };
    default:
      return i;
  }
}
