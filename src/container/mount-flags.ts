import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { BerthError } from '../core/index.js';
import type { ContainerMount } from '../runtime/index.js';

/** A mount flag resolved: the runtime mount and, for named volumes, the volume's name. */
export interface ParsedMount {
  mount: ContainerMount;
  volume?: string;
}

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

function invalid(spec: string, why: string): BerthError {
  return new BerthError('INVALID_MOUNT', `invalid mount ${JSON.stringify(spec)}: ${why}`, { exitCode: 125 });
}

/** The host directory of a named volume (created on first use), `<root>/volumes/<name>/_data` like docker's. */
export async function volumeDir(root: string, name: string): Promise<string> {
  const dir = join(root, 'volumes', name, '_data');
  await mkdir(dir, { recursive: true });
  return dir;
}

function target(spec: string, path: string | undefined): string {
  if (path === undefined || !isAbsolute(path)) throw invalid(spec, 'the target must be an absolute path');
  return path;
}

async function bindOrVolume(root: string, spec: string, source: string, dest: string, readonly: boolean): Promise<ParsedMount> {
  if (isAbsolute(source) || source.startsWith('.')) return { mount: { type: 'bind', source: resolve(source), target: target(spec, dest), readonly } };
  if (!VOLUME_NAME.test(source)) throw invalid(spec, `"${source}" is not a valid volume name`);
  return { mount: { type: 'bind', source: await volumeDir(root, source), target: target(spec, dest), readonly }, volume: source };
}

/** `-v [SOURCE:]TARGET[:OPTIONS]`: a bind mount (absolute host path) or a named volume; `-v /path` makes an anonymous volume. */
export async function parseVolumeFlag(root: string, spec: string): Promise<ParsedMount> {
  const parts = spec.split(':');
  if (parts.length === 1) return bindOrVolume(root, spec, randomBytes(32).toString('hex'), parts[0], false);
  if (parts.length > 3) throw invalid(spec, 'use [SOURCE:]TARGET[:ro|rw]');
  const options = (parts[2] ?? '').split(',').filter((o) => o !== '');
  for (const option of options) if (!['ro', 'rw', 'z', 'Z', 'rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave', 'nocopy'].includes(option)) throw invalid(spec, `unknown option ${option}`);
  return bindOrVolume(root, spec, parts[0], parts[1], options.includes('ro'));
}

/** docker's size strings for tmpfs (`64m`, `1g`, bytes). */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim());
  if (!match) throw new BerthError('INVALID_SIZE', `invalid size: '${text}'`, { exitCode: 125 });
  const power = ['', 'k', 'm', 'g', 't'].indexOf(match[2].toLowerCase());
  return Math.round(Number(match[1]) * 1024 ** power);
}

function tmpfsOptions(spec: string, pairs: [string, string][]): { size?: number; mode?: number; readonly?: boolean } {
  const result: { size?: number; mode?: number; readonly?: boolean } = {};
  for (const [key, value] of pairs) {
    if (key === 'size' || key === 'tmpfs-size') result.size = parseSize(value);
    else if (key === 'mode' || key === 'tmpfs-mode') result.mode = parseInt(value, 8);
    else if (key === 'ro' || key === 'readonly') result.readonly = value !== 'false';
    else if (!['rw', 'exec', 'noexec', 'nosuid', 'nodev', 'suid', 'dev'].includes(key)) throw invalid(spec, `unknown tmpfs option ${key}`);
  }
  return result;
}

/** `--tmpfs PATH[:size=…,mode=…]`. */
export function parseTmpfsFlag(spec: string): ParsedMount {
  const colon = spec.indexOf(':');
  const path = colon < 0 ? spec : spec.slice(0, colon);
  const pairs = colon < 0 ? [] : spec.slice(colon + 1).split(',').map((o) => o.split('=') as [string, string]);
  return { mount: { type: 'tmpfs', target: target(spec, path), ...tmpfsOptions(spec, pairs) } };
}

/** `--mount type=bind|volume|tmpfs,source=…,target=…[,readonly]`. */
export async function parseMountFlag(root: string, spec: string): Promise<ParsedMount> {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    fields.set(eq < 0 ? part : part.slice(0, eq), eq < 0 ? 'true' : part.slice(eq + 1));
  }
  const type = fields.get('type') ?? 'volume';
  const dest = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  const source = fields.get('source') ?? fields.get('src');
  const readonlyValue = fields.get('readonly') ?? fields.get('ro');
  const readonly = readonlyValue !== undefined && readonlyValue !== 'false' && readonlyValue !== '0';
  if (type === 'tmpfs') return { mount: { type: 'tmpfs', target: target(spec, dest), ...tmpfsOptions(spec, [...fields].filter(([k]) => k.startsWith('tmpfs-'))) } };
  if (type === 'bind') {
    if (source === undefined || !isAbsolute(source)) throw invalid(spec, 'a bind mount needs an absolute source');
    return { mount: { type: 'bind', source, target: target(spec, dest), readonly } };
  }
  if (type !== 'volume') throw invalid(spec, `unsupported type ${type}`);
  return bindOrVolume(root, spec, source ?? randomBytes(32).toString('hex'), target(spec, dest), readonly);
}
