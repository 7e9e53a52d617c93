// The entry point of a container's monitor process: `node monitor-main.js STORE_ROOT CONTAINER_ID`,
// started detached by `startDetached`. It reports on fd 3 (one JSON line) whether the container
// started, then supervises it until it ends for good.
import { createWriteStream } from 'node:fs';
import { openStore } from '../store/index.js';
import { isBerthError } from '../core/index.js';
import { superviseContainer } from './monitor.js';
import { ContainerStore } from './records.js';

/** What the monitor reports on fd 3. */
export interface MonitorReport {
  ok: boolean;
  error?: { code: string; message: string; exitCode: number; hint?: string };
}

async function main(): Promise<void> {
  const [root, id] = process.argv.slice(2);
  const channel = createWriteStream('', { fd: 3 });
  let reported = false;
  const report = (err?: unknown) => {
    if (reported) return;
    reported = true;
    const message: MonitorReport = err === undefined ? { ok: true } : {
      ok: false,
      error: isBerthError(err)
        ? { code: err.code, message: err.message, exitCode: err.exitCode, hint: err.hint }
        : { code: 'MONITOR_FAILED', message: err instanceof Error ? err.message : String(err), exitCode: 125 },
    };
    channel.end(`${JSON.stringify(message)}\n`);
  };
  // The CLI that started us may go away; a hang-up must not end the container.
  process.on('SIGHUP', () => undefined);
  try {
    const store = await openStore({ root });
    const containers = new ContainerStore(store.root);
    const container = await containers.read(id);
    if (container === undefined) throw new Error(`no container ${id} in ${root}`);
    await superviseContainer(store, containers, container, report);
  } catch (err) {
    report(err);
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  }
}

void main();
