// Running containers with runc: OCI bundles (config.json like docker's defaults), user resolution,
// the runc command wrappers, and the foreground run used by RUN steps and `berth run`.
export type {
  NetworkMode,
  ContainerMount,
  ResourceLimits,
  ProcessOptions,
  ContainerConfig,
  ResolvedUser,
  ContainerStdio,
  RunOptions,
  RunResult,
} from './types.js';
export type { OciSpec, OciProcess, OciMount, OciUser, OciCapabilities, OciResources, OciDeviceRule } from './oci-spec.js';
export { runContainer } from './run.js';
export { cleanupStaleContainers } from './stale.js';
export { createBundle } from './bundle.js';
export type { Bundle } from './bundle.js';
export { generateSpec } from './spec.js';
export type { EtcFiles } from './spec.js';
export { resolveUser } from './user.js';
export { execProcess } from './exec-process.js';
export type { ExecOptions } from './exec-process.js';
export { Runc } from './runc.js';
export type { RuncState, RuncCreateOptions } from './runc.js';
