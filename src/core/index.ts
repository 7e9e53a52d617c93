export * from './errors.js';
export * from './digest.js';
export * from './types.js';
export * from './mediatypes.js';
export * from './json.js';
export * from './reference.js';
export * from './platform.js';
export * from './validate.js';
