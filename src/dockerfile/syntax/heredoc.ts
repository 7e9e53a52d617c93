// Heredoc markers in RUN/COPY/ADD lines, decided exactly as BuildKit does: the line is lexed
// into shell words and each `[n]<<[-]WORD` word opens one heredoc, read in order.
import type { Heredoc } from '../types.js';
import { dockerfileError, type ErrorSite } from '../errors.js';
import { expandWord } from '../shell/lexer.js';
import { isPlain } from '../shell/word-split.js';

const HEREDOC = /^(\d*)<<(-?)([^<]*)$/;
const NO_ENV = () => undefined;

/** A heredoc marker before its body is read. */
export type HeredocMarker = Omit<Heredoc, 'content' | 'range'>;

/** Parses one word as a heredoc marker (`<<EOF`, `<<-"EOF"`, `3<<EOF`); undefined when it is not one. */
export function parseHeredocMarker(word: string): HeredocMarker | undefined {
  if (!word.includes('<<')) return undefined;
  const m = HEREDOC.exec(word);
  if (!m || m[3] === '') return undefined;
  const chomp = m[2] === '-';
  // Without quotes, escapes or variables the delimiter is one word and expands to itself.
  if (isPlain(m[3], {})) return withDescriptor({ name: m[3], expand: true, chomp }, m[1]);
  const words = expandWord(m[3], NO_ENV, { skipUnsetEnv: true }).words;
  if (words.length !== 1) return undefined;
  const raw = expandWord(m[3], NO_ENV, { skipUnsetEnv: true, rawQuotes: true }).words;
  const quotes = (s: string) => s.split(/['"]/).length - 1;
  return withDescriptor({ name: words[0], expand: quotes(words[0]) === quotes(raw[0] ?? ''), chomp }, m[1]);
}

/** The marker with the file descriptor written before `<<`, if any. */
function withDescriptor(marker: HeredocMarker, descriptor: string): HeredocMarker {
  if (descriptor !== '') marker.fileDescriptor = Number(descriptor);
  return marker;
}

/** The heredoc markers of an instruction line, in order. */
export function detectHeredocs(line: string, site: ErrorSite): HeredocMarker[] {
  let words: string[];
  try {
    words = expandWord(line, NO_ENV, { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true }).words;
  } catch {
    return [];
  }
  const markers: HeredocMarker[] = [];
  for (const word of words) {
    try {
      const marker = parseHeredocMarker(word);
      if (marker) markers.push(marker);
    } catch (err) {
      throw dockerfileError(site, `invalid heredoc ${word}: ${(err as Error).message}`, 'close the quotes of the heredoc delimiter');
    }
  }
  return markers;
}
