// undici's Agent and its request API, loaded from the undici files that define them instead of
// undici's index, which also loads fetch, WebSocket, caches, mocks and proxies: about 0.2 s of CPU
// per registry command spent on code the client never calls.
import { createRequire } from 'node:module';
import type { Agent } from 'undici';

/** The Agent class, its prototype given `request` as undici's index does. */
export function loadAgent(): typeof Agent {
  const require = createRequire(import.meta.url);
  const dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: Record<string, unknown> };
  dispatcher.prototype.request ??= require('undici/lib/api/api-request.js');
  return require('undici/lib/dispatcher/agent.js') as typeof Agent;
}
