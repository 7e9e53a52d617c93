// Terminal styling: ANSI colours when writing to a terminal (and NO_COLOR is unset), plain text otherwise.

import type { ChangeKind } from '../types.js';

/** Colour functions; identity functions when colour is off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  kind(kind: ChangeKind, text: string): string;
}

const wrap = (on: boolean, code: string) => (text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

/** A style, coloured when `colour` is true. */
export function makeStyle(colour: boolean): Style {
  const style = {
    bold: wrap(colour, '1'),
    dim: wrap(colour, '2'),
    red: wrap(colour, '31'),
    green: wrap(colour, '32'),
    yellow: wrap(colour, '33'),
    cyan: wrap(colour, '36'),
  };
  const byKind: Record<ChangeKind, (text: string) => string> = { added: style.green, modified: style.yellow, removed: style.red, unchanged: style.dim };
  return { ...style, kind: (kind, text) => byKind[kind](text) };
}

/** The one-character marker of a change kind. */
export const KIND_MARK: Record<ChangeKind, string> = { added: '+', modified: '~', removed: '-', unchanged: '=' };
