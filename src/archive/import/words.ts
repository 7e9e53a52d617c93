// Just enough of the Dockerfile word rules for `import --change`: JSON-array (exec) form,
// whitespace-separated words with quotes and backslash escapes removed, and KEY=VALUE pairs.

import { BerthError } from '../../core/index.js';

/** The exec form `["a","b"]` when `text` is a JSON array of strings; undefined otherwise. */
export function parseJsonForm(text: string): string[] | undefined {
  if (!text.trimStart().startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  } catch {
    // Not JSON: docker treats it as shell form.
  }
  return undefined;
}

/** Splits on unquoted whitespace, removing quotes and backslash escapes (`a "b c"` → [a, b c]). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === undefined && /\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === quote) quote = undefined;
    else if (quote === undefined && (c === '"' || c === "'")) quote = c;
    else if (c === '\\' && quote !== "'" && i + 1 < text.length) word += text[++i];
    else word += c;
  }
  if (quote !== undefined) throw new BerthError('CHANGE_INVALID', `unexpected end of statement while looking for matching ${quote}`);
  if (inWord) words.push(word);
  return words;
}

/**
 * KEY=VALUE pairs of ENV and LABEL. The legacy one-pair form `ENV KEY value words` applies when the
 * first word has no `=`.
 */
export function parsePairs(instruction: string, text: string): [string, string][] {
  const words = splitWords(text);
  if (words.length === 0) throw new BerthError('CHANGE_INVALID', `${instruction} requires at least one argument`);
  if (!words[0].includes('=')) {
    if (words.length < 2) throw new BerthError('CHANGE_INVALID', `${instruction} must have two arguments`);
    const rest = text.trim().slice(text.trim().search(/\s/)).trim();
    return [[words[0], splitWords(rest).join(' ')]];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new BerthError('CHANGE_INVALID', `${instruction} names can not be blank and need =: "${w}"`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}
