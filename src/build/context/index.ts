export type { BuildContext, ContextEntry } from './types.js';
export { DirectoryContext, hashFile } from './directory.js';
export { loadIgnoreRules, parseIgnoreText } from './ignore.js';
export type { IgnoreRules } from './ignore.js';
export { openContext } from './open.js';
export type { ContextOptions, OpenedContext } from './open.js';
export { looksLikeTar, peek } from './peek.js';
export { readStdinPayload } from './stdin.js';
export { DigestCache } from './digest-cache.js';
