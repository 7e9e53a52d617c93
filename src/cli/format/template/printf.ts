/** Go's fmt.Sprintf / Sprint / Sprintln over template values, with fmt's `%!verb(type=value)` error texts. */
import { formatFloat, formatHexFloat } from './numfmt.js';
import { goQuote, goQuoteASCII } from './strconv.js';
import { entriesOf, GoNil, kindOf, numberOf, printValue, sortedEntries, stringOf, typeName } from './values.js';

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

const runeLength = (s: string): number => [...s].length;

/** Pads to the width: left with spaces, right with '-', with zeros for '0' (after the sign of a number when `signAware`, not at all when `noZero`). */
function pad(s: string, spec: Spec, mode: 'text' | 'number' | 'spaces' = 'text'): string {
  const width = spec.width ?? 0;
  const n = runeLength(s);
  if (n >= width) return s;
  if (spec.minus) return s + ' '.repeat(width - n);
  if (spec.zero && mode !== 'spaces') {
    const sign = mode === 'number' && /^[+\- ]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(width - n) + s.slice(sign.length);
  }
  return ' '.repeat(width - n) + s;
}

function bad(verb: string, v: unknown, raw: boolean): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v, raw)}=${printValue(v, { raw })})`;
}

function signed(digits: string, negative: boolean, spec: Spec): string {
  return (negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '') + digits;
}

function formatInteger(n: number, verb: string, spec: Spec): string {
  const negative = n < 0;
  const abs = BigInt(Math.abs(n));
  let digits: string;
  switch (verb) {
    case 'b':
      digits = abs.toString(2);
      break;
    case 'o':
    case 'O':
      digits = abs.toString(8);
      break;
    case 'x':
      digits = abs.toString(16);
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      break;
    default:
      digits = abs.toString();
  }
  if (spec.prec !== undefined) digits = spec.prec === 0 && abs === 0n ? '' : digits.padStart(spec.prec, '0');
  if (verb === 'O') digits = '0o' + digits;
  else if (spec.sharp && verb === 'o' && !digits.startsWith('0')) digits = '0' + digits;
  else if (spec.sharp && (verb === 'x' || verb === 'X')) digits = (verb === 'x' ? '0x' : '0X') + digits;
  else if (spec.sharp && verb === 'b') digits = '0b' + digits;
  // An explicit precision turns zero padding off for integers.
  return pad(signed(digits, negative, spec), spec, spec.prec === undefined ? 'number' : 'spaces');
}

/** `%#v`: the value in Go syntax (`"a"`, `[]string{"x"}`, `map[string]string{"k":"v"}`, `T{F:1}`). */
function goSyntax(v: unknown, raw: boolean): string {
  const kind = kindOf(v, raw);
  const type = typeName(v, raw);
  switch (kind) {
    case 'invalid':
      return '<nil>';
    case 'nil':
      return (v as GoNil).kind === 'pointer' ? `(${type})(nil)` : `${type}(nil)`;
    case 'string':
      return goQuote(stringOf(v));
    case 'slice':
      return `${type}{${(v as unknown[]).map((x) => goSyntax(x, raw)).join(', ')}}`;
    case 'map':
      return `${type}{${sortedEntries(v as object).map(([k, x]) => `${goQuote(k)}:${goSyntax(x, raw)}`).join(', ')}}`;
    case 'struct':
      return `${type}{${entriesOf(v as object).map(([k, x]) => `${k}:${goSyntax(x, raw)}`).join(', ')}}`;
    default:
      return printValue(v, { raw });
  }
}

function formatOne(v: unknown, verb: string, spec: Spec, raw: boolean): string {
  const kind = kindOf(v, raw);
  if (verb === 'T') return pad(v === null || v === undefined ? '<nil>' : typeName(v, raw), spec);
  if (verb === 'v' && spec.sharp) return pad(goSyntax(v, raw), spec);
  if (kind === 'invalid') return verb === 'v' ? pad('<nil>', spec) : bad(verb, v, raw);
  switch (kind) {
    case 'bool':
      return verb === 'v' || verb === 't' ? pad(String(v), spec) : bad(verb, v, raw);
    case 'duration':
      // A fmt.Stringer: %v and %s print Duration.String(), the integer verbs the nanoseconds.
      if (verb === 'v' || verb === 's') return pad(printValue(v, { raw }), spec);
      return formatOne(numberOf(v), verb, spec, raw);
    case 'int': {
      const n = numberOf(v);
      if (verb === 'v' || verb === 'd') return formatInteger(n, 'd', spec);
      if ('boOxX'.includes(verb)) return formatInteger(n, verb, spec);
      if (verb === 'c') return pad(String.fromCodePoint(n), spec);
      if (verb === 'q') return pad(`'${goQuote(String.fromCodePoint(n)).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`, spec);
      if (verb === 'U') {
        const u = 'U+' + n.toString(16).toUpperCase().padStart(4, '0');
        return pad(spec.sharp ? `${u} '${String.fromCodePoint(n)}'` : u, spec);
      }
      return bad(verb, v, raw);
    }
    case 'float': {
      if (!'eEfFgGvxX'.includes(verb)) return bad(verb, v, raw);
      const f = verb === 'v' ? 'g' : verb === 'F' ? 'f' : verb;
      const prec = spec.prec ?? ('eEfF'.includes(verb) ? 6 : -1);
      const text = f === 'x' || f === 'X' ? formatHexFloat(numberOf(v), f === 'X') : formatFloat(numberOf(v), f, prec);
      return pad(text.startsWith('-') || !/\d/.test(text[0]) ? text : signed(text, false, spec), spec, /\d/.test(text) ? 'number' : 'spaces');
    }
    case 'string': {
      let s = stringOf(v);
      if (verb === 'v' || verb === 's') return pad(spec.prec === undefined ? s : [...s].slice(0, spec.prec).join(''), spec);
      if (spec.prec !== undefined) s = [...s].slice(0, spec.prec).join('');
      if (verb === 'q') return pad(spec.sharp && !/[`\x00-\x08\x0a-\x1f\x7f]/.test(s) ? '`' + s + '`' : spec.plus ? goQuoteASCII(s) : goQuote(s), spec);
      if (verb === 'x' || verb === 'X') {
        const hex = [...Buffer.from(s)].map((b) => b.toString(16).padStart(2, '0'));
        const text = (spec.sharp ? hex.map((h) => '0x' + h) : hex).join(spec.space ? ' ' : '');
        return pad(verb === 'X' ? text.toUpperCase() : text, spec);
      }
      return bad(verb, v, raw);
    }
    case 'nil':
      return pad(printValue(v, { raw }), spec);
    case 'slice':
      return '[' + (v as unknown[]).map((x) => formatOne(x, verb, spec, raw)).join(' ') + ']';
    case 'map':
      return 'map[' + sortedEntries(v as object).map(([k, x]) => `${formatOne(k, verb, spec, raw)}:${formatOne(x, verb, spec, raw)}`).join(' ') + ']';
    case 'struct':
      return '{' + entriesOf(v as object).map(([k, x]) => (spec.plus && verb === 'v' ? `${k}:` : '') + formatOne(x, verb, spec, raw)).join(' ') + '}';
    default:
      return verb === 'v' || verb === 's' ? pad(printValue(v, { raw }), spec) : bad(verb, v, raw);
  }
}

/** fmt.Sprintf. `raw` selects inspect's JSON view for type names. */
export function sprintf(format: string, args: unknown[], raw = false): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = true;
      else break;
    }
    spec.zero &&= !spec.minus;
    let goodArgNum = true;
    /** `[n]`: an explicit argument index (1-based); true when one was given. */
    const argIndex = (): boolean => {
      const m = /^\[(\d*)\]/.exec(format.slice(i));
      if (format[i] !== '[') return false;
      reordered = true;
      if (!m) {
        goodArgNum = false;
        const close = format.indexOf(']', i);
        i = close < 0 ? i + 1 : close + 1;
        return false;
      }
      i += m[0].length;
      const n = Number(m[1]) - 1;
      if (m[1] !== '' && n >= 0 && n < args.length) argNum = n;
      else goodArgNum = false;
      return true;
    };
    const number = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const a = args[argNum++];
        return typeof a === 'number' && Number.isInteger(a) ? a : NaN;
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    let afterIndex = argIndex();
    const starWidth = format[i] === '*';
    spec.width = number();
    if (starWidth) afterIndex = false;
    else if (afterIndex && spec.width !== undefined) goodArgNum = false;
    if (Number.isNaN(spec.width)) {
      out += '%!(BADWIDTH)';
      spec.width = undefined;
    } else if (spec.width !== undefined && spec.width < 0) {
      spec.minus = true;
      spec.zero = false;
      spec.width = -spec.width;
    }
    if (format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      afterIndex = argIndex();
      const starPrec = format[i] === '*';
      spec.prec = number() ?? 0;
      if (starPrec) afterIndex = false;
      if (Number.isNaN(spec.prec) || spec.prec < 0) {
        out += '%!(BADPREC)';
        spec.prec = undefined;
      }
    }
    if (!afterIndex) afterIndex = argIndex();
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') out += '%';
    else if (!goodArgNum) out += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) out += `%!${verb}(MISSING)`;
    else out += formatOne(args[argNum++], verb, spec, raw);
  }
  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ' + args.slice(argNum).map((a) => (a === null || a === undefined ? '<nil>' : `${typeName(a, raw)}=${printValue(a, { raw })}`)).join(', ') + ')';
  }
  return out;
}

/** Go's fmt.Sprintf for the verbs templates use (%s %d %v %q %t %x %X %o %b %e %f %g %c %U %%, flags, width, precision). */
export function goSprintf(format: string, ...args: unknown[]): string {
  return sprintf(format, args);
}

const isGoString = (v: unknown): boolean => typeof v === 'string';

/** fmt.Sprint: spaces between operands when neither is a string. */
export function sprint(args: unknown[], raw = false): string {
  return args.map((a, i) => (i > 0 && !isGoString(a) && !isGoString(args[i - 1]) ? ' ' : '') + formatOne(a, 'v', emptySpec(), raw)).join('');
}

/** fmt.Sprintln: spaces between all operands, newline at the end. */
export function sprintln(args: unknown[], raw = false): string {
  return args.map((a) => formatOne(a, 'v', emptySpec(), raw)).join(' ') + '\n';
}

function emptySpec(): Spec {
  return { minus: false, plus: false, sharp: false, space: false, zero: false };
}
