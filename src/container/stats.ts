import { readFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** One sample of a container's resource use, as docker stats shows it. */
export interface ContainerStats {
  cpuPercent: number;
  memoryUsage: number;
  memoryLimit: number;
  memoryPercent: number;
  netRx: number;
  netTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

const CGROUP_ROOT = '/sys/fs/cgroup';

async function readNumber(path: string): Promise<number> {
  return Number((await readFile(path, 'utf8').catch(() => '0')).trim()) || 0;
}

/** A cgroup v1 file of the container (runtime's cgroupsPath is `/berth/<id>`). */
function cgroupFile(controller: string, id: string, file: string): string {
  return `${CGROUP_ROOT}/${controller}/berth/${id}/${file}`;
}

/** Total CPU time of the host in nanoseconds (docker's system_cpu_usage from /proc/stat). */
async function systemCpuNs(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
  const ticks = line.split(/\s+/).slice(1, 8).reduce((sum, value) => sum + Number(value), 0);
  return (ticks * 1e9) / 100;
}

async function memory(id: string): Promise<{ usage: number; limit: number }> {
  const usage = await readNumber(cgroupFile('memory', id, 'memory.usage_in_bytes'));
  const stat = await readFile(cgroupFile('memory', id, 'memory.stat'), 'utf8').catch(() => '');
  const inactive = Number(/^total_inactive_file (\d+)$/m.exec(stat)?.[1] ?? 0);
  const limit = await readNumber(cgroupFile('memory', id, 'memory.limit_in_bytes'));
  // docker: usage without the page cache that can be reclaimed; an unlimited cgroup shows the host's memory.
  return { usage: Math.max(0, usage - inactive), limit: limit > 0 && limit < totalmem() ? limit : totalmem() };
}

async function blockIo(id: string): Promise<{ read: number; write: number }> {
  const text = await readFile(cgroupFile('blkio', id, 'blkio.throttle.io_service_bytes'), 'utf8').catch(() => '');
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    const [, op, value] = line.split(' ');
    if (op === 'Read') read += Number(value);
    else if (op === 'Write') write += Number(value);
  }
  return { read, write };
}

async function network(pid: number): Promise<{ rx: number; tx: number }> {
  const text = pid > 0 ? await readFile(`/proc/${pid}/net/dev`, 'utf8').catch(() => '') : '';
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n').slice(2)) {
    const [name, rest] = line.split(':');
    if (rest === undefined || name.trim() === 'lo') continue;
    const fields = rest.trim().split(/\s+/).map(Number);
    rx += fields[0];
    tx += fields[8];
  }
  return { rx, tx };
}

/**
 * Samples a running container's cgroups (v1) twice, `intervalMs` apart, for docker's CPU % (the
 * container's share of the host's CPU time times the number of CPUs), and reads memory (without
 * inactive page cache), PIDs, network (non-loopback interfaces of its namespace) and block I/O.
 */
export async function sampleStats(id: string, pid: number, intervalMs = 500): Promise<ContainerStats> {
  const cpuUsage = () => readNumber(cgroupFile('cpuacct', id, 'cpuacct.usage'));
  const [cpu0, system0] = await Promise.all([cpuUsage(), systemCpuNs()]);
  await sleep(intervalMs);
  const [cpu1, system1] = await Promise.all([cpuUsage(), systemCpuNs()]);
  const cpus = (await readFile(cgroupFile('cpuacct', id, 'cpuacct.usage_percpu'), 'utf8').catch(() => '0')).trim().split(/\s+/).length;
  const systemDelta = system1 - system0;
  const [mem, io, net, pids] = await Promise.all([memory(id), blockIo(id), network(pid), readNumber(cgroupFile('pids', id, 'pids.current'))]);
  return {
    cpuPercent: systemDelta > 0 ? ((cpu1 - cpu0) / systemDelta) * cpus * 100 : 0,
    memoryUsage: mem.usage,
    memoryLimit: mem.limit,
    memoryPercent: mem.limit > 0 ? (mem.usage / mem.limit) * 100 : 0,
    netRx: net.rx,
    netTx: net.tx,
    blockRead: io.read,
    blockWrite: io.write,
    pids,
  };
}
