import type { RegistryConfig } from '../config.js';
import type { StorageDriver } from './driver.js';
import { FilesystemDriver } from './filesystem.js';

/** The driver a config asks for, rid of what crashed writers left; the S3 SDK is loaded only when S3 is used. */
export async function createDriver(config: RegistryConfig): Promise<StorageDriver> {
  if (config.storage.s3) {
    const { S3Driver } = await import('./s3.js');
    return new S3Driver(config.storage.s3);
  }
  const driver = new FilesystemDriver(config.storage.rootdirectory);
  await driver.removeOrphanedTemps();
  return driver;
}

export type { StorageDriver, ObjectInfo, ByteRange } from './driver.js';
export { FilesystemDriver } from './filesystem.js';
export type { S3Options } from './s3.js';
