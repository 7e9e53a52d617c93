export { writeImage } from './image.js';
export type { StoredImage } from './image.js';
export { exportImage, layerCompression, parseOutput, writeMetadataFile } from './outputs.js';
export type { OutputSpec, ExportResult } from './outputs.js';
export { exportLocal, exportTar } from './rootfs.js';
