export type { BuildContext, ContextEntry } from './types.js';
export { DirectoryContext, hashFile } from './directory.js';
export { loadIgnoreRules, parseIgnoreText } from './ignore.js';
export type { IgnoreRules } from './ignore.js';
export { openContext } from './open.js';
export type { ContextOptions, OpenedContext } from './open.js';
export { decompress, detectCompression, looksLikeTar, peek } from './decompress.js';
export type { Compression } from './decompress.js';
export { extractTar, readStdinPayload } from './stdin.js';
