/**
 * Image archives: docker-archive (docker ≤24's per-layer layout and docker 25+'s combined one),
 * OCI archives / layouts, and rootfs tarballs for `import`.
 *
 * Error codes thrown (all BerthError):
 * - ARCHIVE_INVALID: bad archive input (corrupt or truncated stream, wrong digest, missing blob,
 *   invalid JSON, unknown entry); the message names the entry. The store is left unchanged.
 * - BLOB_UNKNOWN / BLOB_CORRUPT: `save` found a missing or damaged blob in the store.
 * - IMPORT_INVALID / IMPORT_FETCH / CHANGE_INVALID: `import` input or `--change` problems.
 * - INPUT_OPEN: a file to read (`load -i`, `import FILE`) cannot be opened; SAVE_OUTPUT: `save -o` into a missing directory.
 */
export { loadArchive, type LoadOptions } from './load.js';
export { saveImages } from './save.js';
export type { SaveOptions } from './save-plan.js';
export { saveImagesToFile } from './save-file.js';
export { openInputFile } from './open-file.js';
export type { LoadedImage } from './verify.js';
/** Tar header scanning while streaming: validity and docker's layer Size without parsing entries. */
export { tarScan, TarScanner } from './tar-scan.js';
export type { DockerArchiveEntry } from './layout.js';
export { importRootfs, openImportSource, applyChanges, CHANGE_INSTRUCTIONS, type ImportOptions, type ImportResult } from './import/index.js';
