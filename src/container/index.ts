// Containers: records and state under the store root (`<root>/containers/<id>`), their root
// filesystems (init layer + overlay over the shared unpacked layers), foreground runs and the
// per-container monitor for detached ones, json-file logs, bridge networking with published
// ports, and the operations of the container commands.
export type {
  Container, ContainerRecord, ContainerState, ContainerStatus, HostSetup, MonitorIdentity, NetworkState, PortBinding, ProcessConfig, RestartPolicy,
} from './types.js';
export { ZERO_TIME } from './types.js';
export { ContainerStore, noSuchContainer } from './records.js';
export type { CreateRequest } from './request.js';
export { defaultRequest } from './request.js';
export { createContainer, gcRootOwner } from './create.js';
export { runAttached, type AttachOptions } from './attach.js';
export { startDetached } from './start.js';
export { findContainer, listContainers, refresh, isActive, stopContainer, killContainer, waitInactive, runcOf } from './lifecycle.js';
export { removeContainer, type RemoveOptions } from './remove.js';
export { readLog, type LogEntry, type ReadLogOptions } from './logs.js';
export { parsePublish, parseExpose, publishedBindings, formatBinding, portsColumn } from './ports.js';
export { parseVolumeFlag, parseMountFlag, parseTmpfsFlag, parseSize, volumeDir, type ParsedMount } from './mount-flags.js';
export { containerSnapshot } from './rootfs.js';
export { execInContainer, notRunning, type ExecRequest } from './exec.js';
export { containerChanges, exportContainer, withRootfs } from './filesystem.js';
export { copyFromContainer, copyFromContainerTar, copyToContainer } from './copy.js';
export { commitContainer, type CommitOptions } from './commit.js';
export { sampleStats, type ContainerStats } from './stats.js';
