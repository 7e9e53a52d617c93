// Extended attributes through @napi-rs/xattr, loaded on first use: loading the native addon
// (and its libc detection) costs ~30 ms of CPU, which every CLI process importing the layer or
// snapshot code would otherwise pay even when it never touches an xattr (`berth ps`, `images`).
import { createRequire } from 'node:module';
import type * as Xattr from '@napi-rs/xattr';

let addon: typeof Xattr | undefined;
function load(): typeof Xattr {
  addon ??= createRequire(import.meta.url)('@napi-rs/xattr') as typeof Xattr;
  return addon;
}

/** The value of extended attribute `name` of `path` (not following symlinks), or null when unset. */
export function getAttribute(path: string, name: string): Promise<Buffer | null> {
  return load().getAttribute(path, name);
}
/** Synchronous {@link getAttribute}. */
export function getAttributeSync(path: string, name: string): Buffer | null {
  return load().getAttributeSync(path, name);
}
/** The names of the extended attributes of `path`. */
export function listAttributesSync(path: string): string[] {
  return load().listAttributesSync(path);
}
/** Removes extended attribute `name` of `path`. */
export function removeAttribute(path: string, name: string): Promise<void> {
  return load().removeAttribute(path, name);
}
/** Sets extended attribute `name` of `path` to `value`. */
export function setAttributeSync(path: string, name: string, value: Uint8Array | string): void {
  load().setAttributeSync(path, name, value);
}
