import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BerthError } from '../../core/index.js';
import type { S3Options } from './storage/s3.js';

/** A registry's settings once file, environment and flags are merged. */
export interface RegistryConfig {
  /** host:port to listen on. */
  addr: string;
  storage: {
    /** Directory of the filesystem driver. */
    rootdirectory: string;
    /** When set, the S3 driver is used instead of the filesystem. */
    s3?: S3Options;
    deleteEnabled: boolean;
  };
  auth?: {
    htpasswd?: { realm: string; path: string };
    token?: TokenAuthConfig;
  };
  tls?: { certificate: string; key: string };
  logLevel: string;
  /** Largest manifest accepted, bytes. */
  maxManifestBytes: number;
  /** Requests handled at once before answering 429 (http.maxinflight). */
  maxInFlight: number;
  /** Seconds a connection may stay silent before it is closed (http.idletimeout). */
  idleTimeoutSeconds: number;
}

/** Bearer token auth with the built-in token endpoint. */
export interface TokenAuthConfig {
  /** Token endpoint URL clients are sent to; default: this server's /token. */
  realm?: string;
  service: string;
  issuer: string;
  /** htpasswd file of the accounts the token endpoint accepts. */
  htpasswd: string;
  /** PEM private key signing tokens; default: one generated at start (tokens die with the process). */
  signingkey?: string;
  /** Token lifetime in seconds. */
  expiration: number;
  /** Actions anonymous clients get (e.g. ["pull"]); default none. */
  anonymous?: string[];
  /**
   * Who may do what. When set, an account gets an action on a repository only if a rule with
   * its account (or `*`) and a matching name (exact, or a prefix ending in `*`) lists it (or `*`).
   * When unset, every account gets every action it asks for.
   */
  access?: AccessRule[];
}

/** One rule of auth.token.access. */
export interface AccessRule {
  account: string;
  name: string;
  actions: string[];
}

function accessRules(value: unknown): AccessRule[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new BerthError('REGISTRY_CONFIG', 'auth.token.access must be a list of {account, name, actions}');
  return value.map((rule, i) => {
    const r = (rule ?? {}) as Raw;
    if (typeof r.account !== 'string' || typeof r.name !== 'string' || !Array.isArray(r.actions)) {
      throw new BerthError('REGISTRY_CONFIG', `auth.token.access[${i}] needs account, name and a list of actions`);
    }
    return { account: r.account, name: r.name, actions: r.actions.map(String) };
  });
}

/** Values given on the command line; they win over the environment and the file. */
export interface RegistryFlags {
  config?: string;
  addr?: string;
  storage?: string;
  delete?: boolean;
  htpasswd?: string;
  token?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  logLevel?: string;
}

type Raw = Record<string, unknown>;

function section(raw: Raw, key: string): Raw {
  const value = raw[key];
  return typeof value === 'object' && value !== null ? (value as Raw) : {};
}

function setPath(target: Raw, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Raw;
  }
  node[path[path.length - 1]] = value;
}

/**
 * Applies BERTH_REGISTRY_<SECTION>_<KEY>=value variables (distribution's REGISTRY_… scheme):
 * BERTH_REGISTRY_HTTP_ADDR sets http.addr, BERTH_REGISTRY_STORAGE_DELETE_ENABLED=true sets
 * storage.delete.enabled. Values are read as YAML scalars.
 */
function applyEnvironment(raw: Raw, env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('BERTH_REGISTRY_') || value === undefined) continue;
    const path = name.slice('BERTH_REGISTRY_'.length).toLowerCase().split('_').filter(Boolean);
    if (path.length > 0) setPath(raw, path, parseYaml(value));
  }
}

async function readConfigFile(path: string): Promise<Raw> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new BerthError('REGISTRY_CONFIG', `cannot read registry config ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new BerthError('REGISTRY_CONFIG', `${path}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) throw new BerthError('REGISTRY_CONFIG', `${path}: the top level must be a mapping`);
  return (parsed as Raw) ?? {};
}

function stringAt(where: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new BerthError('REGISTRY_CONFIG', `registry config: ${where} must be a string`);
  return String(value);
}

function tokenConfig(raw: Raw, flags: RegistryFlags): TokenAuthConfig | undefined {
  const token = section(section(raw, 'auth'), 'token');
  if (Object.keys(token).length === 0 && !flags.token) return undefined;
  const htpasswd = stringAt('auth.token.htpasswd', token.htpasswd) ?? flags.htpasswd;
  if (!htpasswd) throw new BerthError('REGISTRY_CONFIG', 'token auth needs an htpasswd file of accounts (auth.token.htpasswd or --htpasswd)');
  const anonymous = token.anonymous;
  return {
    realm: stringAt('auth.token.realm', token.realm),
    service: stringAt('auth.token.service', token.service) ?? 'berth-registry',
    issuer: stringAt('auth.token.issuer', token.issuer) ?? 'berth-registry',
    htpasswd,
    signingkey: stringAt('auth.token.signingkey', token.signingkey),
    expiration: Number(token.expiration ?? 300),
    anonymous: Array.isArray(anonymous) ? anonymous.map(String) : undefined,
    access: accessRules(token.access),
  };
}

/** distribution's storage.s3 keys: bucket, region, regionendpoint, accesskey, secretkey, rootdirectory, forcepathstyle. */
function s3Config(storage: Raw): S3Options | undefined {
  const s3 = section(storage, 's3');
  if (Object.keys(s3).length === 0) return undefined;
  const bucket = stringAt('storage.s3.bucket', s3.bucket);
  if (!bucket) throw new BerthError('REGISTRY_CONFIG', 'storage.s3 needs a bucket');
  return {
    bucket,
    region: stringAt('storage.s3.region', s3.region) ?? 'us-east-1',
    endpoint: stringAt('storage.s3.regionendpoint', s3.regionendpoint),
    accessKeyId: stringAt('storage.s3.accesskey', s3.accesskey),
    secretAccessKey: stringAt('storage.s3.secretkey', s3.secretkey),
    rootDirectory: stringAt('storage.s3.rootdirectory', s3.rootdirectory),
    forcePathStyle: s3.forcepathstyle === undefined ? undefined : s3.forcepathstyle === true || s3.forcepathstyle === 'true',
  };
}

/**
 * Merges defaults < config file < BERTH_REGISTRY_* environment < flags. The default storage is
 * `<store root>/registry`.
 */
export async function loadRegistryConfig(flags: RegistryFlags, storeRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryConfig> {
  const raw: Raw = flags.config ? await readConfigFile(flags.config) : {};
  applyEnvironment(raw, env);
  const http = section(raw, 'http');
  const storage = section(raw, 'storage');
  const tls = section(http, 'tls');
  const htpasswd = section(section(raw, 'auth'), 'htpasswd');
  const token = tokenConfig(raw, flags);
  const htpasswdPath = token ? undefined : (flags.htpasswd ?? stringAt('auth.htpasswd.path', htpasswd.path));
  const cert = flags.tlsCert ?? stringAt('http.tls.certificate', tls.certificate);
  const key = flags.tlsKey ?? stringAt('http.tls.key', tls.key);
  if ((cert === undefined) !== (key === undefined)) throw new BerthError('REGISTRY_CONFIG', 'TLS needs both a certificate and a key (http.tls.certificate and http.tls.key, or --tls-cert and --tls-key)');
  const deleteSetting = section(storage, 'delete').enabled;
  const config: RegistryConfig = {
    addr: flags.addr ?? stringAt('http.addr', http.addr) ?? '127.0.0.1:5000',
    storage: {
      rootdirectory: resolve(flags.storage ?? stringAt('storage.filesystem.rootdirectory', section(storage, 'filesystem').rootdirectory) ?? join(storeRoot, 'registry')),
      deleteEnabled: flags.delete ?? (deleteSetting === true || deleteSetting === 'true'),
    },
    logLevel: flags.logLevel ?? stringAt('log.level', section(raw, 'log').level) ?? 'info',
    maxManifestBytes: Number(section(raw, 'validation').manifestmaxbytes ?? 4 * 1024 * 1024),
    maxInFlight: Number(http.maxinflight ?? 1024),
    idleTimeoutSeconds: Number(http.idletimeout ?? 120),
  };
  if (htpasswdPath || token) {
    config.auth = {};
    if (htpasswdPath) config.auth.htpasswd = { realm: stringAt('auth.htpasswd.realm', htpasswd.realm) ?? 'berth-registry', path: htpasswdPath };
    if (token) config.auth.token = token;
  }
  if (cert && key) config.tls = { certificate: cert, key };
  // --storage names a directory: it chooses the filesystem even when the file configures S3.
  const s3 = flags.storage ? undefined : s3Config(storage);
  if (s3) config.storage.s3 = s3;
  return config;
}

/** Splits host:port (IPv6 in brackets allowed); port 0 picks a free one. */
export function parseAddress(addr: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr);
  if (!match) throw new BerthError('REGISTRY_CONFIG', `invalid address "${addr}": expected HOST:PORT such as 127.0.0.1:5000 or :5000`);
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port: Number(match[3]) };
}
