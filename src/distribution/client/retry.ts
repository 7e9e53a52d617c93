// When and how long to wait before trying a registry request again.

/** Statuses worth retrying: throttling and server-side failures. */
export function retryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'ERR_STREAM_PREMATURE_CLOSE',
]);

/** True for a dropped or refused connection (anything at the transport level, not an HTTP answer). */
export function isNetworkError(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code !== undefined && NETWORK_CODES.has(e.code)) return true;
    if (e === e.cause) break;
  }
  return false;
}

/** Exponential backoff with jitter (250 ms, 500 ms, 1 s… capped at 8 s), or the server's Retry-After (capped at 30 s). */
export function backoffMs(attempt: number, retryAfter?: string | string[]): number {
  const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  const seconds = header === undefined ? NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 30_000);
  const base = Math.min(250 * 2 ** attempt, 8000);
  return base / 2 + Math.random() * (base / 2);
}

/** Resolves after `ms` unless `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
