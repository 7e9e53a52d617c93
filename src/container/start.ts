import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BerthError } from '../core/index.js';
import type { MonitorReport } from './monitor-main.js';
import type { ContainerStore } from './records.js';
import type { Container } from './types.js';

const MONITOR_MAIN = fileURLToPath(new URL('./monitor-main.js', import.meta.url));

/** Reads the monitor's one-line report from its fd 3 (an empty report when it died first). */
function readReport(stream: NodeJS.ReadableStream): Promise<MonitorReport | undefined> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(JSON.parse(text.slice(0, text.indexOf('\n'))) as MonitorReport);
    });
    stream.on('end', () => resolve(undefined));
    stream.on('error', () => resolve(undefined));
  });
}

/**
 * Starts a container in the background: spawns its monitor (berth itself, detached from this
 * process and its terminal, diagnostics in `<container dir>/monitor.log`) and resolves once the
 * container's process runs. Throws the monitor's error (exit status 125/126/127) when it did not start.
 */
export async function startDetached(containers: ContainerStore, container: Container): Promise<void> {
  const diagnostics = openSync(join(container.dir, 'monitor.log'), 'a');
  const child = spawn(process.execPath, [MONITOR_MAIN, containers.root, container.record.id], {
    detached: true,
    stdio: ['ignore', 'ignore', diagnostics, 'pipe'],
  });
  closeSync(diagnostics);
  const channel = child.stdio[3] as NodeJS.ReadableStream & { destroy(): void };
  const report = await readReport(channel);
  channel.destroy();
  child.unref();
  if (report?.ok) return;
  if (report?.error) throw new BerthError(report.error.code, report.error.message, { exitCode: report.error.exitCode, hint: report.error.hint });
  throw new BerthError('MONITOR_FAILED', `the monitor of container ${container.record.id} exited before starting it`, { exitCode: 125, hint: `see ${join(container.dir, 'monitor.log')}` });
}
