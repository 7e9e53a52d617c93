export { RegistryServer, type RegistryServerOptions } from './server.js';
export { startRegistry, type RunningRegistry } from './serve.js';
export { loadRegistryConfig, parseAddress, type RegistryConfig, type RegistryFlags, type TokenAuthConfig } from './config.js';
export { runGc, runServe } from './commands.js';
export { collectGarbage, type GcOptions, type GcReport } from './gc.js';
export { FilesystemDriver } from './storage/filesystem.js';
export type { StorageDriver, ObjectInfo, ByteRange } from './storage/driver.js';
export { RegistryError, SPEC_ERROR_STATUS, type SpecErrorCode } from './errors.js';
