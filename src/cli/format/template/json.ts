/**
 * Go's encoding/json of a template value: no spaces, struct fields in order, map keys sorted,
 * strings escaped as Go does (\u0008-style controls, U+2028/9), HTML characters optionally.
 */
import { entriesOf, GoDuration, GoFloat, GoNil, goMap, GoTime, isMapMarshaler, isOmitted, jsonFieldName, JsonNumber, kindOf, sortedEntries } from './values.js';

const HTML: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };

function quote(s: string, escapeHtml: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === '"' || c === '\\') out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20) out += '\\u00' + code.toString(16).padStart(2, '0');
    else if (escapeHtml && c in HTML) out += HTML[c];
    else if (code === 0x2028 || code === 0x2029) out += '\\u' + code.toString(16);
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += c + s[i + 1];
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += c;
  }
  return out + '"';
}

/**
 * Go's encoding/json of a template value. `escapeHtml` is json.Marshal's default (< > & as
 * \u003c \u003e \u0026); docker's `json` template function turns it off.
 */
export function goJson(value: unknown, escapeHtml = true): string {
  return encodeJson(value, escapeHtml, false);
}

/** goJson with the inspect view choice: in the `raw` JSON view every object is a map (keys sorted). */
export function encodeJson(value: unknown, escapeHtml: boolean, raw: boolean): string {
  const encode = (v: unknown): string => {
    if (v instanceof GoNil) return 'null';
    if (v instanceof GoFloat) return JSON.stringify(v.value);
    if (isMapMarshaler(v)) return encodeJson(goMap({ ...(v as object) }), true, raw);
    if (v instanceof Date) return quote(v.toISOString().replace(/\.?0*Z$/, 'Z'), escapeHtml);
    if (v instanceof GoTime) return quote(v.text, escapeHtml);
    if (v instanceof JsonNumber) return v.text;
    if (v instanceof GoDuration) return String(v.ns);
    switch (kindOf(v, raw)) {
      case 'invalid':
      case 'func':
        return 'null';
      case 'string':
        return quote(v as string, escapeHtml);
      case 'int':
      case 'float':
        return Number.isFinite(v) ? JSON.stringify(v) : 'null';
      case 'bool':
        return String(v);
      case 'slice':
        return '[' + (v as unknown[]).map(encode).join(',') + ']';
      case 'map':
        return '{' + sortedEntries(v as object).map(([k, x]) => `${quote(k, escapeHtml)}:${encode(x)}`).join(',') + '}';
      default:
        return '{' + entriesOf(v as object).filter(([k, x]) => !isOmitted(v as object, k, x)).map(([k, x]) => `${quote(jsonFieldName(v as object, k), escapeHtml)}:${encode(x)}`).join(',') + '}';
    }
  };
  return encode(value);
}
