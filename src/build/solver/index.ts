export { solve } from './solver.js';
export type { BuildRequest, BuildOutcome } from './request.js';
export { StoreImageResolver } from './resolver.js';
export type { BaseImage, BaseImageResolver } from './resolver.js';
export { LintViolationError, formatLintViolation } from './lint-violation.js';
