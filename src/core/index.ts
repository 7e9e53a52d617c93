export * from './errors.js';
export * from './digest.js';
