/**
 * docker's row contexts for the listing commands (docker/cli 20.10 formatter): default table
 * formats, header labels and the Go type named in template errors, ready for formatRows.
 */
import type { FormatRowsOptions } from './rows.js';

/** `docker images`: fields ID Repository Tag Digest CreatedSince CreatedAt Size Containers VirtualSize SharedSize UniqueSize. */
export const IMAGES_TABLE: FormatRowsOptions = {
  defaultFormat: 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}',
  headers: {
    ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT',
    Size: 'SIZE', Containers: 'CONTAINERS', VirtualSize: 'SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE',
  },
  typeName: '*formatter.imageContext',
};

/** `docker images --digests` default format. */
export const IMAGES_DIGESTS_FORMAT = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';

/** `docker ps`: fields ID Image Command CreatedAt RunningFor Ports State Status Size Names Labels Mounts LocalVolumes Networks, method Label. */
export const PS_TABLE: FormatRowsOptions = {
  defaultFormat: 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}',
  headers: {
    ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED', Ports: 'PORTS', State: 'STATE',
    Status: 'STATUS', Size: 'SIZE', Names: 'NAMES', Labels: 'LABELS', Mounts: 'MOUNTS', LocalVolumes: 'LOCAL VOLUMES', Networks: 'NETWORKS',
  },
  typeName: '*formatter.ContainerContext',
};

/** `docker ps -s` default format. */
export const PS_SIZE_FORMAT = `${PS_TABLE.defaultFormat}\t{{.Size}}`;

/** `docker history`: fields ID CreatedSince CreatedAt CreatedBy Size Comment. */
export const HISTORY_TABLE: FormatRowsOptions = {
  defaultFormat: 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}',
  headers: { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' },
  typeName: '*image.historyContext',
};

/** The `-q` format of every listing command. */
export const QUIET_FORMAT = '{{.ID}}';
