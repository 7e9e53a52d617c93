// Validation of OCI (and Docker schema 2) JSON documents against the OCI image-spec JSON schemas
// (draft-04, via ajv-draft-04), plus the checks upstream's validator adds beyond the schemas:
// well-formed digests per algorithm, and `KEY=value` strings in config Env.

import { createRequire } from 'node:module';
import type AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import { BerthError } from './errors.js';
import * as mediaTypes from './mediatypes.js';
import configSchema from './schema/config-schema.js';
import contentDescriptor from './schema/content-descriptor.js';
import defsDescriptor from './schema/defs-descriptor.js';
import defs from './schema/defs.js';
import imageIndexSchema from './schema/image-index-schema.js';
import imageLayoutSchema from './schema/image-layout-schema.js';
import imageManifestSchema from './schema/image-manifest-schema.js';

/** The kinds of document validateDocument knows. */
export type DocumentKind = 'manifest' | 'index' | 'config' | 'descriptor' | 'layout';

const BASE = 'https://berth.invalid/oci-schema/';
const SCHEMA_FILES: Record<string, unknown> = {
  'config-schema.json': configSchema,
  'content-descriptor.json': contentDescriptor,
  'defs-descriptor.json': defsDescriptor,
  'defs.json': defs,
  'image-index-schema.json': imageIndexSchema,
  'image-layout-schema.json': imageLayoutSchema,
  'image-manifest-schema.json': imageManifestSchema,
};
const KIND_FILES: Record<DocumentKind, string> = {
  manifest: 'image-manifest-schema.json',
  index: 'image-index-schema.json',
  config: 'config-schema.json',
  descriptor: 'content-descriptor.json',
  layout: 'image-layout-schema.json',
};
const KIND_NAMES: Record<DocumentKind, string> = {
  manifest: 'image manifest',
  index: 'image index',
  config: 'image config',
  descriptor: 'content descriptor',
  layout: 'oci-layout file',
};

/**
 * Draft-04 `id`s would move the base URL of relative `$ref`s (and upstream relies on registering
 * each file under several URLs). Dropping every `id` and registering all files under one base
 * directory resolves every reference the same way, with each file registered once.
 */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'id').map(([key, v]) => [key, key === 'properties' || key === 'definitions' ? mapValues(v, withoutIds) : withoutIds(v)]));
}

function mapValues(value: unknown, map: (v: unknown) => unknown): unknown {
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, map(v)]));
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

let validators: Record<DocumentKind, ValidateFunction> | undefined;

function compiled(): Record<DocumentKind, ValidateFunction> {
  if (validators !== undefined) return validators;
  // Loaded on first use: importing ajv costs tens of milliseconds every CLI start would pay.
  const Ajv = createRequire(import.meta.url)('ajv-draft-04') as typeof AjvDraft04;
  const ajv = new Ajv.default({ allErrors: true, strict: false, verbose: true });
  ajv.addFormat('date-time', (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)));
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  for (const [file, schema] of Object.entries(SCHEMA_FILES)) ajv.addSchema(withoutIds(schema) as object, BASE + file);
  const compile = (kind: DocumentKind): ValidateFunction => ajv.getSchema(BASE + KIND_FILES[kind]) as ValidateFunction;
  validators = { manifest: compile('manifest'), index: compile('index'), config: compile('config'), descriptor: compile('descriptor'), layout: compile('layout') };
  return validators;
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  if (error.keyword === 'pattern') return `${where} "${String(error.data)}" ${error.message}`;
  if (error.keyword === 'enum') return `${where} ${error.message}: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where} ${error.message}`;
}

const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Upstream's extra checks: every descriptor digest well formed for its algorithm; config Env entries `KEY=value`. */
function extraProblems(kind: DocumentKind, document: unknown): string[] {
  const problems: string[] = [];
  const checkDigest = (path: string, descriptor: unknown): void => {
    const digest = (descriptor as { digest?: unknown } | undefined)?.digest;
    if (typeof digest !== 'string') return;
    const [algorithm, hex] = digest.split(':');
    const length = DIGEST_HEX_LENGTH[algorithm];
    if (length !== undefined && !new RegExp(`^[a-f0-9]{${length}}$`).test(hex ?? '')) {
      problems.push(`${path}/digest "${digest}" is not a valid ${algorithm} digest (${length} lowercase hex characters)`);
    }
  };
  const doc = document as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object') return problems;
  if (kind === 'descriptor') checkDigest('', doc);
  if (kind === 'manifest') {
    checkDigest('/config', doc.config);
    checkDigest('/subject', doc.subject);
    if (Array.isArray(doc.layers)) doc.layers.forEach((layer, i) => checkDigest(`/layers/${i}`, layer));
  }
  if (kind === 'index') {
    checkDigest('/subject', doc.subject);
    if (Array.isArray(doc.manifests)) doc.manifests.forEach((entry, i) => checkDigest(`/manifests/${i}`, entry));
  }
  if (kind === 'config') {
    const env = (doc.config as { Env?: unknown } | undefined)?.Env;
    if (Array.isArray(env)) env.forEach((entry, i) => typeof entry === 'string' && !/^[^=]+=.*$/s.test(entry) && problems.push(`/config/Env/${i} "${entry}" is not KEY=value`));
  }
  return problems;
}

/** Every problem of `document` as a `kind`, one line each (`/layers/0/digest …`); empty when valid. */
export function documentProblems(kind: DocumentKind, document: unknown): string[] {
  const validate = compiled()[kind];
  const problems = validate(document) ? [] : (validate.errors ?? []).map(formatError);
  return [...problems, ...extraProblems(kind, document)];
}

/** Throws OCI_INVALID naming the first problems when `document` is not a valid `kind`. `source` names where it came from. */
export function validateDocument(kind: DocumentKind, document: unknown, source?: string): void {
  const problems = documentProblems(kind, document);
  if (problems.length === 0) return;
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  throw new BerthError('OCI_INVALID', `invalid ${KIND_NAMES[kind]}${source ? ` ${source}` : ''}: ${problems.slice(0, 3).join('; ')}${more}`);
}

/** The document kind of a media type (OCI or Docker schema 2), or undefined for layers and unknown types. */
export function documentKind(mediaType: string): DocumentKind | undefined {
  if (mediaTypes.isManifestMediaType(mediaType)) return 'manifest';
  if (mediaTypes.isIndexMediaType(mediaType)) return 'index';
  if (mediaTypes.isConfigMediaType(mediaType)) return 'config';
  if (mediaType === mediaTypes.OCI_DESCRIPTOR) return 'descriptor';
  if (mediaType === mediaTypes.OCI_LAYOUT_HEADER) return 'layout';
  return undefined;
}

/** Validates a manifest (OCI or Docker schema 2). */
export function validateManifest(document: unknown, source?: string): void {
  validateDocument('manifest', document, source);
}

/** Validates an index / manifest list (also an image layout's index.json). */
export function validateIndex(document: unknown, source?: string): void {
  validateDocument('index', document, source);
}

/** Validates an image config. */
export function validateConfig(document: unknown, source?: string): void {
  validateDocument('config', document, source);
}

/** Validates a content descriptor. */
export function validateDescriptor(document: unknown, source?: string): void {
  validateDocument('descriptor', document, source);
}

/** Validates the `oci-layout` file of an image layout. */
export function validateLayout(document: unknown, source?: string): void {
  validateDocument('layout', document, source);
}
