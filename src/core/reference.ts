// Image references exactly as docker normalizes them: the docker/distribution reference grammar
// (name components, optional registry host[:port], tag, digest), Docker Hub defaults
// (`docker.io`, `library/`, `latest`) and the familiar form docker shows to users.

import { BerthError } from './errors.js';
import type { Digest } from './digest.js';

/** Docker Hub's canonical registry name. */
export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
/** The tag added when a reference names neither tag nor digest. */
export const DEFAULT_TAG = 'latest';
const NAME_TOTAL_LENGTH_MAX = 255;

const alphaNumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const namePattern = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;

const REFERENCE = new RegExp(`^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${domainAndPort})/)?(${pathComponent}(?:/${pathComponent})*)$`);
const ANCHORED_TAG = new RegExp(`^${tagPattern}$`);
const ANCHORED_IDENTIFIER = /^[a-f0-9]{64}$/;
const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * A parsed image reference. `domain` is empty only for references parsed without
 * normalization (parseReference); normalized ones always have a registry.
 */
export interface Reference {
  /** Registry host[:port], e.g. `docker.io`, `localhost:5000`. */
  domain: string;
  /** Repository path, e.g. `library/nginx`. */
  path: string;
  tag?: string;
  digest?: Digest;
}

function referenceError(message: string, input: string, hint?: string): BerthError {
  return new BerthError('REFERENCE_INVALID', message, { hint: hint ?? `in image reference "${input}"` });
}

function validateDigest(value: string, input: string): Digest {
  const colon = value.indexOf(':');
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  const length = DIGEST_LENGTHS[algorithm];
  if (length === undefined) throw referenceError('unsupported digest algorithm', input, 'use a sha256 or sha512 digest');
  if (hex.length !== length) throw referenceError('invalid checksum digest length', input, `${algorithm} digests have ${length} hex characters`);
  if (!/^[a-f0-9]+$/.test(hex)) throw referenceError('invalid checksum digest format', input, 'digests are lowercase hex');
  return value as Digest;
}

/**
 * Parses a reference without Docker Hub normalization (distribution's `reference.Parse`).
 * Errors carry docker's messages: `invalid reference format`, `repository name must be
 * lowercase`, `repository name must not be more than 255 characters`, digest errors.
 */
export function parseReference(input: string): Reference {
  const match = REFERENCE.exec(input);
  if (match === null) {
    if (input === '') throw referenceError('repository name must have at least one component', input);
    if (REFERENCE.test(input.toLowerCase())) {
      throw referenceError('invalid reference format: repository name must be lowercase', input, `in "${input}": repository names are lowercase`);
    }
    throw referenceError('invalid reference format', input, describeFormatProblem(input));
  }
  const [, name, tag, digest] = match;
  if (name.length > NAME_TOTAL_LENGTH_MAX) throw referenceError(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`, input);
  const nameMatch = ANCHORED_NAME.exec(name);
  const reference: Reference = { domain: nameMatch?.[1] ?? '', path: nameMatch?.[2] ?? name };
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = validateDigest(digest, input);
  return reference;
}

/** A hint for the common ways a reference breaks the grammar. */
function describeFormatProblem(input: string): string {
  const at = input.indexOf('@');
  const beforeDigest = at === -1 ? input : input.slice(0, at);
  const lastSlash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.indexOf(':', lastSlash + 1);
  if (at !== -1 && !new RegExp(`^${digestPattern}$`).test(input.slice(at + 1))) {
    return `"${input.slice(at + 1)}" is not a digest (expected sha256:<64 hex characters>)`;
  }
  if (colon !== -1 && !ANCHORED_TAG.test(beforeDigest.slice(colon + 1))) {
    return `"${beforeDigest.slice(colon + 1)}" is not a valid tag (letters, digits, _ . -, at most 128, not starting with . or -)`;
  }
  return `in "${input}": names are lowercase letters, digits and separators (. _ __ -), components joined by /`;
}

function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  let domain: string;
  let remainder: string;
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(slash + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/**
 * Parses a reference as docker does for user input (`ParseNormalizedNamed`): `nginx` →
 * `docker.io/library/nginx`, `user/app` → `docker.io/user/app`, `localhost:5000/x` stays. No
 * default tag is added (see normalizeReference).
 */
export function parseNormalizedReference(input: string): Reference {
  if (ANCHORED_IDENTIFIER.test(input)) {
    throw referenceError(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`, input, 'to refer to an image by ID use sha256:<id>');
  }
  const { domain, remainder } = splitDockerDomain(input);
  const colon = remainder.indexOf(':');
  const remoteName = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName) {
    throw referenceError('invalid reference format: repository name must be lowercase', input, `in "${input}": write the repository as "${remoteName.toLowerCase()}"`);
  }
  return parseReference(`${domain}/${remainder}`);
}

/** Parses and normalizes, adding the `latest` tag when there is neither tag nor digest (docker's TagNameOnly). */
export function normalizeReference(input: string): Reference {
  const reference = parseNormalizedReference(input);
  if (reference.tag === undefined && reference.digest === undefined) reference.tag = DEFAULT_TAG;
  return reference;
}

/** The repository name: `docker.io/library/nginx`. */
export function referenceName(reference: Reference): string {
  return reference.domain === '' ? reference.path : `${reference.domain}/${reference.path}`;
}

/** The full string: `docker.io/library/nginx:latest`, `host:5000/a/b:tag@sha256:…`. */
export function formatReference(reference: Reference): string {
  let text = referenceName(reference);
  if (reference.tag !== undefined) text += `:${reference.tag}`;
  if (reference.digest !== undefined) text += `@${reference.digest}`;
  return text;
}

/** The repository as docker shows it: `nginx`, `user/app`, `localhost:5000/x`. */
export function familiarName(reference: Reference): string {
  if (reference.domain !== DEFAULT_DOMAIN) return referenceName(reference);
  const path = reference.path;
  if (path.startsWith(OFFICIAL_REPO_PREFIX) && !path.slice(OFFICIAL_REPO_PREFIX.length).includes('/')) {
    return path.slice(OFFICIAL_REPO_PREFIX.length);
  }
  return path;
}

/** The reference as docker shows it: `busybox:local`, `localhost:5000/x:y`, `nginx@sha256:…`. */
export function familiarString(reference: Reference): string {
  let text = familiarName(reference);
  if (reference.tag !== undefined) text += `:${reference.tag}`;
  if (reference.digest !== undefined) text += `@${reference.digest}`;
  return text;
}

/**
 * Docker's ParseDockerRef: normalized, `latest` added when untagged, and when both tag and digest
 * are given the tag is dropped (the digest decides what is fetched).
 */
export function parseDockerRef(input: string): Reference {
  const reference = normalizeReference(input);
  if (reference.digest !== undefined) delete reference.tag;
  return reference;
}

/** True when `input` is a valid tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`). */
export function isValidTag(input: string): boolean {
  return ANCHORED_TAG.test(input);
}

/** True when `input` is a 64-hex identifier (an image ID without `sha256:`), which cannot be a name. */
export function isFullIdentifier(input: string): boolean {
  return ANCHORED_IDENTIFIER.test(input);
}

/**
 * docker's ParseAnyReference: a 64-hex identifier or a full `algorithm:hex` digest is a
 * digest-only reference (`{ digest }`, meaning an image ID); anything else is parsed as a
 * normalized name (no default tag added).
 */
export function parseAnyReference(input: string): Reference | { digest: Digest } {
  if (ANCHORED_IDENTIFIER.test(input)) return { digest: `sha256:${input}` };
  const colon = input.indexOf(':');
  if (DIGEST_LENGTHS[input.slice(0, colon)] === input.length - colon - 1 && /^[a-f0-9]+$/.test(input.slice(colon + 1))) {
    return { digest: input as Digest };
  }
  return parseNormalizedReference(input);
}
