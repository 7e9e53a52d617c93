// The local image store: blobs as an OCI image layout, image records, image views, gc.
//
//   const store = await openStore({ root: opts.root });
//   const { digest } = await store.blobs.writeStream(stream, { digest, size });
//   await store.images.tag('busybox:local', manifestDescriptor);
//   const image = await store.findImage('busybox:local');
//   await store.gc();

export type {
  BlobStore,
  ExpectedBlob,
  FindImageOptions,
  GcOptions,
  GcResult,
  ImageListing,
  ImageRecord,
  ImageRecords,
  ImageSummary,
  ImageView,
  WriteBlobOptions,
  WrittenBlob,
} from './types.js';
export { dockerEntrySize, type LayerInfo } from './layerinfo.js';
export type { GcRoot } from './gcroots.js';
export { resolveStoreRoot, type StoreRootOptions } from './root.js';
export { openStore, Store, type OpenStoreOptions } from './store.js';
export { DEFAULT_GC_GRACE_MS } from './gc.js';
export { ANNOTATION_NAME, ANNOTATION_REF_NAME, normalizeRecordName } from './records.js';
export { ingestTempFiles, tarOf, withTempStore, writeTestImage, writeTestIndex, type TestEntry, type TestImageOptions } from './testing.js';
export { readdirOrEmpty, writeFileAtomic } from './fsutil.js';
