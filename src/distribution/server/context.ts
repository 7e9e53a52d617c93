import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { RegistryStorage } from './registry-storage.js';
import type { Uploads } from './uploads.js';

/** An action on a repository, as token scopes name them. */
export type Action = 'pull' | 'push' | 'delete';

/** What an authenticated (or anonymous) client may do. */
export interface Grant {
  /** The account, when the client authenticated. */
  user?: string;
  /** True when the client may do `action` on repository `name`. */
  allows(name: string, action: Action): boolean;
}

/** Server-wide state every handler uses. */
export interface Registry {
  storage: RegistryStorage;
  uploads: Uploads;
  /** Whether DELETE of manifests, tags and blobs is allowed (405 UNSUPPORTED otherwise). */
  deleteEnabled: boolean;
  /** The largest manifest accepted on PUT, in bytes. */
  maxManifestBytes: number;
}

/** One request as a route handler sees it. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The repository name from the path (empty for /v2/ and the catalog). */
  name: string;
  /** The path's last variable: reference, digest or upload id. */
  param: string;
  registry: Registry;
  grant: Grant;
  log: Logger;
}

/** A route handler: answers the request or throws a RegistryError. */
export type Handler = (ctx: RouteContext) => Promise<void>;

/** The access a request needs: an action on a repository, or the catalog. */
export type Scope = { type: 'repository'; name: string; action: Action } | { type: 'catalog' };

/**
 * Decides who the client is and what it may do. Throws a RegistryError (401 UNAUTHORIZED with a
 * challenge, or 403 DENIED) when the request lacks what `scope` needs; undefined scope is the
 * `/v2/` check, which only needs valid credentials.
 */
export interface Authenticator {
  authenticate(req: IncomingMessage, scope: Scope | undefined): Promise<Grant>;
  /** Extra endpoints the scheme serves itself (the token endpoint); true when it answered. */
  serve?(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}
