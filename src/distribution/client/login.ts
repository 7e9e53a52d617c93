// login / logout: check credentials against the registry, then save or erase them in the docker
// CLI's config (or its credential helper), so docker and berth share logins.
import { BerthError, isBerthError, normalizeReference } from '../../core/index.js';
import { CredentialStore, type Credentials } from './credentials.js';
import { RegistryClient, type RegistryOptions } from './registry.js';

/** Options of login. */
export interface LoginOptions extends Omit<RegistryOptions, 'credentials'> {
  /** Where credentials are saved (default ~/.docker/config.json). */
  store?: CredentialStore;
}

/** The registry host a `login`/`logout` argument names (docker.io when empty; URLs and paths accepted). */
export function registryHost(server?: string): string {
  if (!server) return 'docker.io';
  const host = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : normalizeReference(`${host}/x`).domain;
}

/** Verifies `credentials` against `server` and saves them; returns the host. */
export async function login(server: string | undefined, credentials: Credentials, options: LoginOptions = {}): Promise<string> {
  const host = registryHost(server);
  const client = await RegistryClient.open(host, { ...options, credentials });
  try {
    await client.checkLogin();
  } catch (err) {
    if (!isBerthError(err, 'REGISTRY_UNAUTHORIZED')) throw err;
    throw new BerthError('REGISTRY_UNAUTHORIZED', `login attempt to ${host} failed: unauthorized: incorrect username or password`, { cause: err });
  } finally {
    await client.close();
  }
  await (options.store ?? new CredentialStore()).save(host, credentials);
  return host;
}

/** Removes the saved login of `server`; returns the host and whether there was one. */
export async function logout(server: string | undefined, store = new CredentialStore()): Promise<{ host: string; removed: boolean }> {
  const host = registryHost(server);
  return { host, removed: await store.erase(host) };
}
