// The local image store: blobs as an OCI image layout, image records, image views, gc.
//
//   const store = await openStore({ root: opts.root });
//   const { digest } = await store.blobs.writeStream(stream, { digest, size });
//   await store.images.tag('docker.io/library/busybox:local', manifestDescriptor);
//   const image = await store.findImage('busybox:local');

export type {
  BlobStore,
  ExpectedBlob,
  FindImageOptions,
  GcOptions,
  GcResult,
  ImageRecord,
  ImageRecords,
  ImageView,
  WriteBlobOptions,
  WrittenBlob,
} from './types.js';
export { resolveStoreRoot, type StoreRootOptions } from './root.js';
export { openStore, Store, type OpenStoreOptions } from './store.js';
