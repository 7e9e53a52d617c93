// Multi-platform support: whether this host runs a platform's binaries (natively or through a
// binfmt_misc qemu-user-static handler), and the clear error that says how to register one.
//
//   await checkEmulation(parsePlatform('linux/arm/v7'));   // throws PLATFORM_EMULATION_MISSING with the fix
export { BINFMT_MISC_DIR, handlerMatches, parseBinfmtHandler, readBinfmtHandlers, type BinfmtHandler } from './binfmt.js';
export { QEMU_PACKAGE, checkEmulation, elfHeader, mountBinfmtMisc, registrationHint, runsNatively, unameMachine, type Emulation } from './emulation.js';
export { annotateManifestList, configPlatform, createManifestList, findManifestList, listName, removeManifestList, type CreateListOptions, type PlatformAnnotation } from './manifest-list.js';
export { writePlatformIndex } from './index-writer.js';
