// Benchmark harness: runs berth and a peer on the same work in one run, N repetitions each
// (interleaved, so drift on a shared machine hits both alike), and prints the median wall time
// per tool, the berth/peer ratio per case and, when asked, peak memory.
//
// Peak memory: a command's own peak RSS comes from /usr/bin/time (-f %M); for work done by a
// daemon (docker load/save run inside dockerd) the daemon's VmRSS is sampled from /proc.
import { spawn } from 'node:child_process';
import { openSync, closeSync, createReadStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One timed command. */
export interface Command {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** File fed to stdin. */
  stdinFile?: string;
  /** File that receives stdout (default: discarded). */
  stdoutFile?: string;
}

/** One side of a case: what to run, what to do (untimed) before each run, whose memory counts. */
export interface Side {
  /** Shown in the report, e.g. `berth save` or `docker save`. */
  label: string;
  command: Command;
  /** Untimed work before every repetition (e.g. empty the store, remove the loaded image). */
  prepare?: () => Promise<void>;
  /** Sample this process's RSS (a daemon doing the work) instead of the command's own peak. */
  memoryPid?: number;
}

/** A benchmark case: berth and its peer on the same work. */
export interface BenchCase {
  name: string;
  berth: Side;
  peer: Side;
}

/** One measured run. */
interface Sample {
  seconds: number;
  /** Peak RSS in bytes, when measured. */
  peakRss?: number;
}

/** Options of runCases. */
export interface HarnessOptions {
  /** Repetitions per side (default 5). */
  runs?: number;
  /** Measure peak memory (default true). */
  memory?: boolean;
  /** Where report lines go (default stdout). */
  write?: (line: string) => void;
}

/** The result of one case, for callers that check targets. */
export interface CaseResult {
  name: string;
  berth: { median: number; peakRss?: number };
  peer: { median: number; peakRss?: number };
  /** berth median / peer median. */
  ratio: number;
}

/** Median of numbers (mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function readPeakFile(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const kb = Number(text.trim().split('\n').at(-1));
  return Number.isFinite(kb) && kb > 0 ? kb * 1024 : undefined;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb === undefined ? 0 : Number(kb) * 1024;
}

/** Runs a side once; resolves with its wall time and peak memory; rejects when it exits non-zero. */
async function measure(side: Side, memory: boolean): Promise<Sample> {
  await side.prepare?.();
  const { command, args, env, stdinFile, stdoutFile } = side.command;
  const peakFile = join(tmpdir(), `berth-bench-peak-${process.pid}`);
  const wrap = memory && side.memoryPid === undefined;
  const argv = wrap ? ['-f', '%M', '-o', peakFile, command, ...args] : args;
  const out = stdoutFile === undefined ? 'ignore' : openSync(stdoutFile, 'w');
  let peakRss = 0;
  const sampler = memory && side.memoryPid !== undefined
    ? setInterval(() => void rssOf(side.memoryPid!).then((rss) => { peakRss = Math.max(peakRss, rss); }), 20)
    : undefined;
  const started = process.hrtime.bigint();
  const child = spawn(wrap ? '/usr/bin/time' : command, argv, { env: env ?? process.env, stdio: [stdinFile === undefined ? 'ignore' : 'pipe', out, 'pipe'] });
  if (stdinFile !== undefined) createReadStream(stdinFile).pipe(child.stdin!);
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sampler) clearInterval(sampler);
  if (typeof out === 'number') closeSync(out);
  const ownPeak = wrap ? await readPeakFile(peakFile) : undefined;
  await rm(peakFile, { force: true });
  if (code !== 0) throw new Error(`${side.label}: ${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`);
  return { seconds, peakRss: wrap ? ownPeak : memory ? peakRss : undefined };
}

const mb = (bytes?: number) => (bytes === undefined ? '-' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

/** Runs every case (berth and peer alternating), printing one line per side and the ratio. */
export async function runCases(cases: BenchCase[], options: HarnessOptions = {}): Promise<CaseResult[]> {
  const runs = options.runs ?? 5;
  const memory = options.memory ?? true;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const results: CaseResult[] = [];
  write(`${'case'.padEnd(28)} ${'tool'.padEnd(24)} ${'median'.padStart(9)} ${'min'.padStart(8)} ${'max'.padStart(8)} ${'peak RSS'.padStart(9)}`);
  for (const benchCase of cases) {
    const samples: { berth: Sample[]; peer: Sample[] } = { berth: [], peer: [] };
    for (let i = 0; i < runs; i++) {
      samples.berth.push(await measure(benchCase.berth, memory));
      samples.peer.push(await measure(benchCase.peer, memory));
    }
    const summary = (key: 'berth' | 'peer') => {
      const times = samples[key].map((s) => s.seconds);
      const peaks = samples[key].map((s) => s.peakRss).filter((p): p is number => p !== undefined);
      const side = benchCase[key];
      const result = { median: median(times), peakRss: peaks.length > 0 ? Math.max(...peaks) : undefined };
      write(`${benchCase.name.padEnd(28)} ${side.label.padEnd(24)} ${result.median.toFixed(3).padStart(8)}s ${Math.min(...times).toFixed(3).padStart(7)}s ${Math.max(...times).toFixed(3).padStart(7)}s ${mb(result.peakRss).padStart(9)}`);
      return result;
    };
    const berth = summary('berth');
    const peer = summary('peer');
    const ratio = berth.median / peer.median;
    write(`${benchCase.name.padEnd(28)} ${'ratio berth/peer'.padEnd(24)} ${ratio.toFixed(2).padStart(8)}x`);
    results.push({ name: benchCase.name, berth, peer, ratio });
  }
  return results;
}

/** `--name value` from argv, or the default. */
export function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at !== -1 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}
