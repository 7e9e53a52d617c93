// Credentials shared with the docker CLI through ~/.docker/config.json: inline `auths` entries,
// a default `credsStore` and per-registry `credHelpers`, both run as `docker-credential-NAME`.
import { spawn } from 'node:child_process';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BerthError } from '../../core/index.js';
import { dockerConfigDir } from './settings.js';

/** A registry login. `identityToken` (an OAuth refresh token) replaces the password when set. */
export interface Credentials {
  username: string;
  password: string;
  identityToken?: string;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

interface DockerConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

/** The key docker uses for Docker Hub in config.json. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

/** The config.json key of a registry host (docker.io's legacy URL for Docker Hub). */
export function authKey(host: string): string {
  return host === 'docker.io' || host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB_AUTH_KEY : host;
}

/** The docker CLI's credential file and helpers. */
export class CredentialStore {
  readonly path: string;

  constructor(configDir = dockerConfigDir()) {
    this.path = join(configDir, 'config.json');
  }

  /** The stored login for `host`, or undefined (anonymous). */
  async get(host: string): Promise<Credentials | undefined> {
    const config = await this.read();
    const key = authKey(host);
    const helper = config.credHelpers?.[key] ?? config.credHelpers?.[host] ?? config.credsStore;
    if (helper) return helperGet(helper, key);
    const entry = config.auths?.[key] ?? config.auths?.[`https://${key}`] ?? config.auths?.[`http://${key}`];
    return entry === undefined ? undefined : decodeEntry(entry, this.path, key);
  }

  /** Saves a login (through the configured helper when there is one, else inline in `auths`). */
  async save(host: string, credentials: Credentials): Promise<void> {
    const key = authKey(host);
    await this.update(async (config) => {
      const helper = config.credHelpers?.[key] ?? config.credsStore;
      const auths = (config.auths ??= {});
      if (helper) {
        const secret = credentials.identityToken ?? credentials.password;
        const username = credentials.identityToken ? '<token>' : credentials.username;
        await runHelper(helper, 'store', JSON.stringify({ ServerURL: key, Username: username, Secret: secret }));
        auths[key] = {};
        return;
      }
      auths[key] = credentials.identityToken
        ? { auth: Buffer.from(`${credentials.username}:`).toString('base64'), identitytoken: credentials.identityToken }
        : { auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64') };
    });
  }

  /** Removes a login; false when there was none. */
  async erase(host: string): Promise<boolean> {
    const key = authKey(host);
    let found = false;
    await this.update(async (config) => {
      const helper = config.credHelpers?.[key] ?? config.credsStore;
      if (helper) found = await runHelper(helper, 'erase', key).then(() => true, () => false);
      if (config.auths?.[key] !== undefined) {
        found = true;
        delete config.auths[key];
      }
    });
    return found;
  }

  private async read(): Promise<DockerConfigFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    try {
      return text.trim() === '' ? {} : (JSON.parse(text) as DockerConfigFile);
    } catch (err) {
      throw new BerthError('CONFIG_INVALID', `${this.path} is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Read-modify-write keeping every key berth does not know; written atomically with mode 0600. */
  private async update(change: (config: DockerConfigFile) => Promise<void>): Promise<void> {
    const config = await this.read();
    await change(config);
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(config, null, '\t') + '\n');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, this.path).catch(async (err) => {
      await rm(temp, { force: true });
      throw err;
    });
  }
}

function decodeEntry(entry: AuthEntry, path: string, key: string): Credentials | undefined {
  let username = entry.username ?? '';
  let password = entry.password ?? '';
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new BerthError('CONFIG_INVALID', `${path}: auths["${key}"].auth is not base64 of user:password`);
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (!username && !password && !entry.identitytoken) return undefined;
  return { username, password, identityToken: entry.identitytoken || undefined };
}

async function helperGet(helper: string, key: string): Promise<Credentials | undefined> {
  let output: string;
  try {
    output = await runHelper(helper, 'get', key);
  } catch (err) {
    if (/credentials not found/i.test((err as Error).message)) return undefined;
    throw err;
  }
  const reply = JSON.parse(output) as { Username?: string; Secret?: string };
  if (!reply.Secret) return undefined;
  if (reply.Username === '<token>') return { username: '', password: '', identityToken: reply.Secret };
  return { username: reply.Username ?? '', password: reply.Secret };
}

/** Runs `docker-credential-HELPER ACTION` with `input` on stdin; resolves to its stdout. */
function runHelper(helper: string, action: 'get' | 'store' | 'erase', input: string): Promise<string> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = spawn(program, [action], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', (err) => reject(new BerthError('CREDENTIAL_HELPER', `cannot run ${program}: ${err.message}`, { hint: `install ${program} or remove it from ~/.docker/config.json` })));
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString('utf8').trim();
      if (code === 0) resolve(text);
      else reject(new BerthError('CREDENTIAL_HELPER', `${program} ${action} failed: ${text}`));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
