// What docker shows of an image: the names split into RepoTags/RepoDigests, and the
// `image inspect` JSON object. Field order and names follow docker 25+ (API 1.44+).
import { familiarString, parseNormalizedReference, type ContainerConfig } from '../../core/index.js';
import type { ImageView, Store } from '../../store/index.js';

/** The docker-familiar names of an image: tags (`busybox:local`) and digests (`repo@sha256:…`). */
export function imageNames(image: ImageView): { repoTags: string[]; repoDigests: string[] } {
  const repoTags: string[] = [];
  const repoDigests: string[] = [];
  for (const name of image.names) {
    const ref = parseNormalizedReference(name);
    if (ref.digest !== undefined) repoDigests.push(familiarString(ref));
    else repoTags.push(familiarString(ref));
  }
  return { repoTags, repoDigests };
}

/** docker's dangling image: no tag (repository digests alone do not count; the image shows as `repo <none>`). */
export function isDangling(names: readonly string[]): boolean {
  return names.every((name) => parseNormalizedReference(name).digest !== undefined);
}

/** The container-config shape docker prints in `image inspect .Config` (every key present). */
export function inspectConfig(config: ContainerConfig | undefined): Record<string, unknown> {
  const c = config ?? {};
  const shaped: Record<string, unknown> = {
    Hostname: '',
    Domainname: '',
    User: c.User ?? '',
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
  };
  if (c.ExposedPorts) shaped.ExposedPorts = c.ExposedPorts;
  Object.assign(shaped, {
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: c.Env ?? null,
    Cmd: c.Cmd ?? null,
  });
  if (c.Healthcheck) shaped.Healthcheck = c.Healthcheck;
  if (c.ArgsEscaped) shaped.ArgsEscaped = c.ArgsEscaped;
  Object.assign(shaped, {
    Image: '',
    Volumes: c.Volumes ?? null,
    WorkingDir: c.WorkingDir ?? '',
    Entrypoint: c.Entrypoint ?? null,
    OnBuild: c.OnBuild ?? null,
    Labels: c.Labels ?? null,
  });
  if (c.StopSignal) shaped.StopSignal = c.StopSignal;
  if (c.Shell) shaped.Shell = c.Shell;
  return shaped;
}

/** The `docker image inspect` object of an image. */
export async function inspectImage(store: Store, image: ImageView): Promise<Record<string, unknown>> {
  const { repoTags, repoDigests } = imageNames(image);
  const config = image.config as ImageView['config'] & { comment?: unknown };
  const lastTag = image.records.map((r) => r.created).sort().at(-1);
  const inspected: Record<string, unknown> = {
    Id: image.id,
    RepoTags: repoTags,
    RepoDigests: repoDigests,
    Parent: '',
    Comment: typeof config.comment === 'string' ? config.comment : (config.history?.at(-1)?.comment ?? ''),
    Created: config.created ?? '0001-01-01T00:00:00Z',
    DockerVersion: config.docker_version ?? '',
    Author: config.author ?? '',
    Config: inspectConfig(config.config),
    Architecture: config.architecture,
  };
  if (config.variant) inspected.Variant = config.variant;
  Object.assign(inspected, {
    Os: config.os,
    Size: await store.imageSize(image),
    GraphDriver: { Data: null, Name: 'overlayfs' },
    RootFS: { Type: config.rootfs?.type ?? 'layers', Layers: config.rootfs?.diff_ids ?? [] },
    Metadata: { LastTagTime: lastTag ?? '0001-01-01T00:00:00Z' },
  });
  return inspected;
}
