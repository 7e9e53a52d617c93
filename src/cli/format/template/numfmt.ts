/** Go's strconv float formatting ('e', 'f', 'g' with a precision or shortest), from the exact binary value. */

/** Decimal digits `d` (no leading/trailing zeros) with the point after `dp` digits: value = 0.d × 10^dp. */
interface Decimal {
  d: string;
  dp: number;
}

/** The exact decimal expansion of a finite, non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp = biased - 1075;
  if (biased === 0) exp = -1074;
  else mantissa |= 1n << 52n;
  let digits: string;
  let pointShift = 0;
  if (exp >= 0) digits = (mantissa << BigInt(exp)).toString();
  else {
    digits = (mantissa * 5n ** BigInt(-exp)).toString();
    pointShift = -exp;
  }
  return trim({ d: digits, dp: digits.length - pointShift });
}

function trim(dec: Decimal): Decimal {
  const stripped = dec.d.replace(/^0+/, '');
  const lead = dec.d.length - stripped.length;
  const d = stripped.replace(/0+$/, '');
  return d === '' ? { d: '', dp: 0 } : { d, dp: dec.dp - lead };
}

/** Rounds to `nd` digits, half to even on exact halves (Go's decimal.Round). */
function roundTo(dec: Decimal, nd: number): Decimal {
  if (nd < 0) return { d: '', dp: 0 };
  if (nd >= dec.d.length) return dec;
  const digit = dec.d.charCodeAt(nd) - 48;
  const exactHalf = digit === 5 && nd + 1 === dec.d.length;
  const up = exactHalf ? nd > 0 && (dec.d.charCodeAt(nd - 1) - 48) % 2 === 1 : digit >= 5;
  if (!up) return trim({ d: dec.d.slice(0, nd), dp: dec.dp });
  const kept = dec.d.slice(0, nd);
  if (kept === '' || /^9*$/.test(kept)) return { d: '1', dp: dec.dp + 1 };
  const bumped = (BigInt(kept) + 1n).toString().padStart(nd, '0');
  return trim({ d: bumped, dp: dec.dp });
}

/**
 * `x` rounded to `nd` significant digits. JS rounds exact halves up and Go to even, so the exact
 * (BigInt) expansion is used only when the next digit may be such a half.
 */
function significant(x: number, nd: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const next = x.toExponential(Math.min(nd, 100));
  if (nd > 100 || next[next.indexOf('e') - 1] === '5') return roundTo(exactDecimal(x), nd);
  const [mant, e] = x.toExponential(nd - 1).split('e');
  return trim({ d: mant.replace('.', ''), dp: Number(e) + 1 });
}

/** Shortest digits that read back as `x` (what Go's precision -1 uses). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const [mant, e] = x.toExponential().split('e');
  return trim({ d: mant.replace('.', ''), dp: Number(e) + 1 });
}

function fmtE(dec: Decimal, prec: number, letter: string): string {
  let out = dec.d[0] ?? '0';
  if (prec > 0) out += '.' + dec.d.slice(1, prec + 1).padEnd(prec, '0');
  let exp = dec.d.length === 0 ? 0 : dec.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return `${out}${letter}${sign}${exp < 10 ? '0' + exp : exp}`;
}

function fmtF(dec: Decimal, prec: number): string {
  let out = dec.dp > 0 ? dec.d.slice(0, dec.dp).padEnd(dec.dp, '0') : '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += dec.d[dec.dp + i - 1] ?? '0';
  }
  return out;
}

/** strconv.FormatFloat(x, verb, prec, 64) for verb e/E/f/F/g/G; prec -1 means shortest. */
export function formatFloat(x: number, verb: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0) ? '-' : '';
  const abs = Math.abs(x);
  const lower = verb.toLowerCase();
  const letter = verb === 'E' || verb === 'G' ? 'E' : 'e';
  const shortest = prec < 0;
  let dec: Decimal;
  if (shortest) {
    dec = shortestDecimal(abs);
    prec = lower === 'e' ? Math.max(dec.d.length - 1, 0) : lower === 'f' ? Math.max(dec.d.length - dec.dp, 0) : dec.d.length;
  } else {
    if (lower === 'f') {
      const exact = exactDecimal(abs);
      dec = roundTo(exact, exact.dp + prec);
    } else {
      if (lower === 'g' && prec === 0) prec = 1;
      dec = significant(abs, lower === 'e' ? prec + 1 : prec);
    }
  }
  if (lower === 'e') return neg + fmtE(dec, prec, letter);
  if (lower === 'f') return neg + fmtF(dec, prec);
  let eprec = prec;
  if (eprec > dec.d.length && dec.d.length >= dec.dp) eprec = dec.d.length;
  if (shortest) eprec = 6;
  const exp = dec.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > dec.d.length) prec = dec.d.length;
    return neg + fmtE(dec, prec - 1, letter);
  }
  if (prec > dec.dp) prec = dec.d.length;
  return neg + fmtF(dec, Math.max(prec - dec.dp, 0));
}

/** strconv.FormatFloat(x, 'x' or 'X', -1, 64): `0x1.cp+01`. */
export function formatHexFloat(x: number, upper: boolean): string {
  if (!Number.isFinite(x)) return formatFloat(x, 'g', -1);
  const neg = x < 0 || Object.is(x, -0) ? '-' : '';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let text: string;
  if (exp === 0 && mant === 0n) text = '0x0p+00';
  else {
    if (exp === 0) {
      // Subnormal: shift the leading 1 into the implicit bit.
      exp = 1;
      while ((mant & (1n << 52n)) === 0n) {
        mant <<= 1n;
        exp--;
      }
      mant &= (1n << 52n) - 1n;
    }
    const e = exp - 1023;
    const frac = mant.toString(16).padStart(13, '0').replace(/0+$/, '');
    text = `0x1${frac ? '.' + frac : ''}p${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return neg + (upper ? text.toUpperCase() : text);
}

