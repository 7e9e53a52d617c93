// The registry client: pull, push, login and remote manifest inspection against any
// distribution-spec registry (docker.io normalization, token/Basic auth from ~/.docker/config.json,
// HTTPS with /etc/docker/certs.d, plain HTTP for loopback and insecure registries, mirrors,
// parallel verified streaming transfers with retries).
//
//   const result = await pull(store, 'localhost:5000/app:1', { progress: renderer.sink });
//   await push(store, 'localhost:5000/app:1', { progress });
//   await login('localhost:5000', { username, password });
//
// Error codes (BerthError): REGISTRY_UNAUTHORIZED (401, message names `berth login HOST`),
// REGISTRY_DENIED (403), REGISTRY_NOT_FOUND (404), REGISTRY_TOO_MANY_REQUESTS (429 after retries),
// REGISTRY_ERROR (5xx after retries), REGISTRY_REJECTED (other 4xx), REGISTRY_PROTOCOL (a malformed answer), REGISTRY_UNREACHABLE (connection failures after retries),
// REGISTRY_AUTH (token server problems), DIGEST_MISMATCH (content differs from its digest; nothing
// stored), BLOB_TRUNCATED, PLATFORM_MISMATCH, CREDENTIAL_HELPER, CONFIG_INVALID.
export { pull, pullAllTags, pullReference, type PullOptions, type PullResult } from './pull.js';
export { push, type PushOptions, type PushResult } from './push.js';
export { inspectRemote, type ManifestRecord } from './inspect.js';
export { login, logout, registryHost, type LoginOptions } from './login.js';
export { PullingImageResolver, type ImageResolver, type PullingResolverOptions } from './pull-resolver.js';
export { RegistryClient, loginCommand, type RegistryOptions } from './registry.js';
export { Repository } from './repository.js';
export { CredentialStore, authKey, DOCKER_HUB_AUTH_KEY, type Credentials } from './credentials.js';
export { loadSettings, settingsPath, type RegistrySettings } from './settings.js';
export { DockerProgressRenderer, progressBar, type LayerStatus, type TransferEvent, type TransferProgress } from './progress.js';
