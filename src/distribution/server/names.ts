import { isDigest, type Digest } from '../../core/index.js';
import { RegistryError } from './errors.js';

// The distribution spec's grammar for repository names and tags.
const NAME_COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const NAME_PATTERN = new RegExp(`^${NAME_COMPONENT}(?:/${NAME_COMPONENT})*$`);
const TAG_PATTERN = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** distribution's limit on a repository name, kept so names stay portable between registries. */
const NAME_MAX_LENGTH = 255;

/** Throws NAME_INVALID unless `name` is a valid repository name. */
export function checkRepositoryName(name: string): void {
  if (name.length > NAME_MAX_LENGTH || !NAME_PATTERN.test(name)) {
    throw new RegistryError('NAME_INVALID', `invalid repository name "${name}": use lowercase letters, digits and separators (. _ __ -), components joined by /`, { detail: { name } });
  }
}

/** True when `tag` matches the spec's tag grammar. */
export function isTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

/** A manifest reference from a URL: a tag or a digest. */
export type ManifestReference = { kind: 'tag'; tag: string } | { kind: 'digest'; digest: Digest };

/**
 * Parses the `<reference>` of a manifest URL. Anything with a colon must be a valid digest
 * (400 DIGEST_INVALID otherwise); a malformed tag is returned as undefined so that reads answer
 * 404 (no such manifest can exist) and writes 400.
 */
export function parseReference(reference: string): ManifestReference | undefined {
  if (reference.includes(':')) return { kind: 'digest', digest: requireDigest(reference) };
  return isTag(reference) ? { kind: 'tag', tag: reference } : undefined;
}

/** Throws DIGEST_INVALID unless `value` is a supported, well-formed digest. */
export function requireDigest(value: string | null | undefined): Digest {
  if (value && isDigest(value)) return value;
  throw new RegistryError('DIGEST_INVALID', `invalid digest "${value ?? ''}": expected sha256:<64 hex> or sha512:<128 hex>`, { detail: { digest: value ?? null } });
}
