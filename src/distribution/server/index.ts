export { RegistryServer, type RegistryServerOptions } from './server.js';
export { startRegistry, type RunningRegistry } from './serve.js';
export { loadRegistryConfig, parseAddress, type RegistryConfig, type RegistryFlags, type TokenAuthConfig } from './config.js';
export { runGc, runServe } from './commands.js';
export { collectGarbage, type GcOptions, type GcReport } from './gc.js';
export { createDriver, FilesystemDriver, type StorageDriver, type ObjectInfo, type ByteRange, type S3Options } from './storage/index.js';
export { RegistryError, SPEC_ERROR_STATUS, type SpecErrorCode } from './errors.js';
