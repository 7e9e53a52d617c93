import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import bcrypt from 'bcryptjs';
import { BerthError } from '../../../core/index.js';

const VERIFIED_MAX = 1024;

/**
 * Accounts from an htpasswd file (bcrypt entries only, as `htpasswd -B` writes them). A bcrypt
 * check costs tens of milliseconds, so recent successful checks are remembered by a hash of the
 * credentials: clients sending Basic auth on every request do not pay it each time.
 */
export class Htpasswd {
  private readonly hashes: Map<string, string>;
  private readonly verified = new Set<string>();

  private constructor(hashes: Map<string, string>) {
    this.hashes = hashes;
  }

  /** Reads and checks an htpasswd file. */
  static async load(path: string): Promise<Htpasswd> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new BerthError('REGISTRY_CONFIG', `cannot read htpasswd file ${path}: ${(err as Error).message}`);
    }
    const hashes = new Map<string, string>();
    text.split('\n').forEach((line, i) => {
      const entry = line.trim();
      if (!entry || entry.startsWith('#')) return;
      const colon = entry.indexOf(':');
      const hash = entry.slice(colon + 1);
      if (colon <= 0 || !/^\$2[abxy]\$\d\d\$/.test(hash)) {
        throw new BerthError('REGISTRY_CONFIG', `${path}:${i + 1}: expected user:<bcrypt hash>`, { hint: 'create entries with `htpasswd -Bbn USER PASSWORD`' });
      }
      // bcryptjs knows $2a$/$2b$; $2y$ (PHP/Apache) is the same algorithm.
      hashes.set(entry.slice(0, colon), hash.replace(/^\$2y\$/, '$2b$'));
    });
    return new Htpasswd(hashes);
  }

  /** True when the password is the account's. */
  async verify(user: string, password: string): Promise<boolean> {
    const hash = this.hashes.get(user);
    if (!hash) return false;
    const key = createHash('sha256').update(`${user}\0${password}\0${hash}`).digest('hex');
    if (this.verified.has(key)) return true;
    if (!(await bcrypt.compare(password, hash))) return false;
    if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
    this.verified.add(key);
    return true;
  }
}

/** The user and password of an `Authorization: Basic …` header, if it has one. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
