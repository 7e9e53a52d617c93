/** `import`: rootfs tarballs to images, and docker's `--change` instructions. */
export { importRootfs, openImportSource, type ImportOptions, type ImportResult } from './import-rootfs.js';
export { applyChanges, CHANGE_INSTRUCTIONS } from './changes.js';
