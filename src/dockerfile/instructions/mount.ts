// RUN --mount=type=…,key=value,… parsed like BuildKit's parseMount.
import type { MountSpec } from '../types.js';
import { nearest } from '../errors.js';

const TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'] as const;
const KEYS = ['type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid', 'src', 'dst', 'destination', 'ro', 'rw', 'readwrite', 'env'];

/** A mount that cannot be parsed; `hint` says how to fix it. */
export class MountError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** Encoding/csv-style split: commas separate fields, double quotes protect commas (`""` is a quote). */
export function splitCsv(text: string): string[] {
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) throw new MountError(`unterminated quote in --mount=${text}`, 'close the double quote');
  fields.push(field);
  return fields;
}

function parseBool(key: string, value: string): boolean {
  const v = value.toLowerCase();
  if (['1', 't', 'true'].includes(v)) return true;
  if (['0', 'f', 'false'].includes(v)) return false;
  throw new MountError(`invalid value ${JSON.stringify(value)} for mount option ${key}`, 'use true or false');
}

function parseUint(key: string, value: string, radix: 8 | 10): number {
  const ok = radix === 8 ? /^[0-7]+$/.test(value) : /^\d+$/.test(value);
  const n = parseInt(value, radix);
  if (!ok || n > 0xffffffff) throw new MountError(`invalid value ${JSON.stringify(value)} for mount option ${key}`, radix === 8 ? 'use an octal mode like 0755' : 'use a whole number');
  return n;
}

/** docker's units.RAMInBytes: `64m`, `1g`, `512kb`, binary multipliers. */
export function ramInBytes(value: string): number {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(value);
  if (!m) throw new MountError(`invalid size: '${value}'`, 'use a size like 64m or 1g');
  const mult = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return Math.floor(Number(m[1]) * mult);
}

/** Parses one --mount value; `expand` substitutes variables in each value first. */
export function parseMount(text: string, expand: (word: string) => string = (w) => w): MountSpec {
  const m: MountSpec = { type: 'bind', readonly: false, original: text };
  let roAuto = true;
  for (const field of splitCsv(text)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro' || key === 'readwrite' || key === 'rw') {
        m.readonly = key === 'readonly' || key === 'ro';
        roAuto = false;
      } else if (key === 'required' && (m.type === 'secret' || m.type === 'ssh')) m.required = true;
      else if (key === 'required') throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
      else throw new MountError(`invalid field '${field}' must be a key=value pair`, `write ${field}=<value>`);
      continue;
    }
    const written = field.slice(eq + 1);
    // As in BuildKit: a stage alias must be literal (a trailing `$` is a literal dollar).
    const dollar = key === 'from' ? written.indexOf('$') : -1;
    if (dollar !== -1 && dollar !== written.length - 1) {
      throw new MountError("'from' doesn't support variable expansion, define alias stage instead", 'add a stage `FROM <image> AS <alias>` and use from=<alias>');
    }
    roAuto = applyKey(m, key, expand(written), field) && roAuto;
  }
  validate(m);
  if (roAuto) m.readonly = !(m.type === 'cache' || m.type === 'tmpfs');
  return m;
}

/** Sets one key; returns false when it decided read-only-ness explicitly. */
function applyKey(m: MountSpec, key: string, value: string, field: string): boolean {
  switch (key) {
    case 'type': {
      const t = value.toLowerCase();
      // The constant is kept, not the slice of the flag text.
      const type = TYPES.find((known) => known === t);
      if (type === undefined) {
        const guess = nearest(t, TYPES);
        throw new MountError(`unsupported mount type ${JSON.stringify(value)}${guess ? ` (did you mean ${guess}?)` : ''}`, `use one of ${TYPES.join(', ')}`);
      }
      m.type = type;
      return true;
    }
    case 'from': m.from = value; return true;
    case 'source': case 'src': m.source = value; return true;
    case 'target': case 'dst': case 'destination': m.target = value; return true;
    case 'readonly': case 'ro': m.readonly = parseBool(key, value); return false;
    case 'readwrite': case 'rw': m.readonly = !parseBool(key, value); return false;
    case 'required':
      if (m.type !== 'secret' && m.type !== 'ssh') throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
      m.required = parseBool(key, value);
      return true;
    case 'size':
      if (m.type !== 'tmpfs') throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
      m.size = ramInBytes(value);
      return true;
    case 'id': m.id = value; return true;
    case 'sharing': {
      if (m.type !== 'cache') throw new MountError(`invalid cache sharing set for ${m.type} mount`);
      const s = value.toLowerCase();
      if (s !== 'shared' && s !== 'private' && s !== 'locked') throw new MountError(`unsupported sharing value ${JSON.stringify(value)}`, 'use shared, private or locked');
      m.sharing = s;
      return true;
    }
    case 'mode': m.mode = parseUint(key, value, 8); return true;
    case 'uid': m.uid = parseUint(key, value, 10); return true;
    case 'gid': m.gid = parseUint(key, value, 10); return true;
    case 'env': m.env = value; return true;
    default: {
      const guess = nearest(key, KEYS);
      throw new MountError(`unexpected key '${key}' in '${field}'${guess ? ` (did you mean ${guess}?)` : ''}`);
    }
  }
}

function validate(m: MountSpec): void {
  const fileInfoAllowed = m.type === 'secret' || m.type === 'ssh' || m.type === 'cache';
  for (const k of ['mode', 'uid', 'gid'] as const) {
    if (!fileInfoAllowed && m[k] !== undefined) throw new MountError(`${k} not allowed for ${JSON.stringify(m.type)} type mounts`);
  }
  if (m.sharing !== undefined && m.type !== 'cache') throw new MountError(`invalid cache sharing set for ${m.type} mount`);
  if (m.type === 'secret') {
    if (m.from !== undefined) throw new MountError('secret mount should not have a from');
    if (m.source === undefined && m.target === undefined && m.id === undefined) throw new MountError('one of source, target required', 'write --mount=type=secret,id=<id>');
    if (m.source !== undefined && m.id !== undefined) throw new MountError("both source and id can't be set");
  }
}
