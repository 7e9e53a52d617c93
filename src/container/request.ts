import type { ContainerMount, ResourceLimits } from '../runtime/index.js';
import type { PortBinding, RestartPolicy } from './types.js';

/** What `create`/`run` ask for (their flags, parsed); absent fields take the image's or docker's defaults. */
export interface CreateRequest {
  /** The image reference or ID. */
  image: string;
  platform?: string;
  name?: string;
  /** Arguments after the image: they replace its CMD. */
  args: string[];
  /** `--entrypoint`: replaces ENTRYPOINT and clears CMD ('' clears ENTRYPOINT). */
  entrypoint?: string;
  env: string[];
  workdir?: string;
  user?: string;
  hostname?: string;
  tty: boolean;
  interactive: boolean;
  labels: Record<string, string>;
  stopSignal?: string;
  stopTimeout?: number;
  /** 'bridge' | 'host' | 'none'; default bridge when publishing ports, else none (see create). */
  network?: string;
  ports: PortBinding[];
  publishAll: boolean;
  expose: string[];
  mounts: ContainerMount[];
  volumes: string[];
  readOnly: boolean;
  autoRemove: boolean;
  restart: RestartPolicy;
  init: boolean;
  resources: ResourceLimits;
  extraHosts: { host: string; ip: string }[];
}

/** A request with every optional list empty and every switch off, for the given image. */
export function defaultRequest(image: string): CreateRequest {
  return {
    image, args: [], env: [], tty: false, interactive: false, labels: {}, ports: [], publishAll: false, expose: [], mounts: [], volumes: [],
    readOnly: false, autoRemove: false, restart: { name: 'no', maximumRetryCount: 0 }, init: false, resources: {}, extraHosts: [],
  };
}
