import type { ServerResponse } from 'node:http';

/** The error codes of the OCI Distribution Specification v1.1, each with its HTTP status. */
export const SPEC_ERROR_STATUS = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 400,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  TOO_MANY_REQUESTS: 429,
} as const;

/** One of the spec's error codes. */
export type SpecErrorCode = keyof typeof SPEC_ERROR_STATUS;

/**
 * An error the registry answers with a spec error body. `status` defaults to the code's own
 * status; some routes use another one (416 for an out-of-order chunk, 413 for a huge manifest).
 */
export class RegistryError extends Error {
  readonly code: SpecErrorCode;
  readonly status: number;
  readonly detail?: unknown;
  /** Extra response headers (WWW-Authenticate, Range, Location…). */
  readonly headers: Record<string, string>;

  constructor(code: SpecErrorCode, message: string, options: { status?: number; detail?: unknown; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'RegistryError';
    this.code = code;
    this.status = options.status ?? SPEC_ERROR_STATUS[code];
    this.detail = options.detail;
    this.headers = options.headers ?? {};
  }
}

/** Writes `{"errors":[{code,message,detail}]}` with the error's status and headers. */
export function sendError(res: ServerResponse, err: RegistryError, head = false): void {
  const entry: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.detail !== undefined) entry.detail = err.detail;
  const body = JSON.stringify({ errors: [entry] });
  res.writeHead(err.status, {
    ...err.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(head ? undefined : body);
}
