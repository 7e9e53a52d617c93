// The load loop of bench/registry.ts: N concurrent clients GETting one manifest over loopback,
// a bounded number of requests, latencies per request; and RSS sampling of a server process.
import { readFile } from 'node:fs/promises';
import { Pool } from 'undici';

/** What one load run measured. */
export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/**
 * Sends `total` GETs of `path` to `origin` (loopback only) from `clients` concurrent
 * connections; every response must be 200.
 */
export async function manifestLoad(origin: string, path: string, accept: string, clients: number, total: number): Promise<LoadResult> {
  if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/.test(origin)) throw new Error(`load is for loopback servers only, not ${origin}`);
  const pool = new Pool(origin, { connections: clients, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const worker = async () => {
    while (issued < total) {
      issued++;
      const started = process.hrtime.bigint();
      const response = await pool.request({ path, method: 'GET', headers: { accept } });
      await response.body.arrayBuffer();
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (response.statusCode !== 200) errors++;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: clients }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, seconds, requestsPerSecond: latencies.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors };
}

/** The resident memory of a process, bytes (VmRSS), or 0 when it is gone. */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Samples a process's RSS every 50 ms while `work` runs; returns work's result and the peak. */
export async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakBytes: number }> {
  let peakBytes = await residentBytes(pid);
  const timer = setInterval(() => {
    void residentBytes(pid).then((bytes) => {
      peakBytes = Math.max(peakBytes, bytes);
    });
  }, 50);
  try {
    const result = await work();
    peakBytes = Math.max(peakBytes, await residentBytes(pid));
    return { result, peakBytes };
  } finally {
    clearInterval(timer);
  }
}
