/** Number and rune literals of templates, classified like Go's parse.NumberNode. */
import type { Item } from './lexer.js';
import type { NumberNode } from './nodes.js';
import { goQuote, unquoteChar } from './strconv.js';

/** Go's NumberNode classification: ints, floats (`1.0`, `1e3`), hex/octal/binary, runes. */
export function numberNode(item: Item, fail: (m: string) => never): NumberNode {
  const base = { type: 'number' as const, pos: item.pos, text: item.val };
  if (item.type === 'charConstant') {
    const r = unquoteChar(item.val);
    if (r === 'malformed') fail(`malformed character constant: ${item.val}`);
    if (r === undefined) return fail('invalid syntax');
    return { ...base, isInt: true, isFloat: true, value: r };
  }
  const text = item.val;
  if (text.endsWith('i')) fail(`complex constants are not supported: ${goQuote(text)}`);
  const intValue = parseGoInt(text);
  if (intValue === 'uint') return { ...base, isInt: false, isFloat: true, isUint: true, value: Number(text) };
  if (intValue !== undefined) return { ...base, isInt: true, isFloat: true, value: intValue };
  const f = parseGoFloat(text);
  if (f !== undefined) {
    if (!/[.eEpP]/.test(text)) fail(`integer overflow: ${goQuote(text)}`);
    return { ...base, isInt: Number.isInteger(f) && Math.abs(f) < 2 ** 63, isFloat: true, value: f };
  }
  return fail(`illegal number syntax: ${goQuote(text)}`);
}

function parseGoInt(text: string): number | 'uint' | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F](_?[0-9a-fA-F])*|0[bB][01](_?[01])*|0[oO]?[0-7](_?[0-7])*|[1-9](_?[0-9])*|0)$/.exec(text);
  if (!m) return undefined;
  let digits = m[2].replaceAll('_', '');
  if (/^0[0-7]/.test(digits)) digits = '0o' + digits.slice(1);
  const big = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  if (big >= 2n ** 63n && big < 2n ** 64n) return 'uint';
  if (big > 2n ** 63n - 1n || big < -(2n ** 63n)) return undefined;
  return Number(big);
}

function parseGoFloat(text: string): number | undefined {
  const clean = text.replaceAll('_', '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) return Number(clean);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(clean);
  if (!hex) return undefined;
  const mantissa = parseInt(hex[2] + hex[3] || '0', 16) / 16 ** hex[3].length;
  return (hex[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(hex[4]);
}
