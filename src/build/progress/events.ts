/**
 * The build's progress as a stream of events about vertices (BuildKit's name for a step or an
 * internal task such as loading the context). Renderers in src/cli/progress draw them.
 */
export type BuildEvent =
  | { type: 'vertex-start'; id: string; name: string; time: number }
  | { type: 'vertex-cached'; id: string; name: string; time: number }
  | { type: 'vertex-status'; id: string; time: number; message: string }
  | { type: 'vertex-log'; id: string; time: number; stream: 'stdout' | 'stderr'; data: string }
  | { type: 'vertex-done'; id: string; time: number }
  | { type: 'vertex-error'; id: string; time: number; error: string }
  | { type: 'warning'; time: number; message: string; detail?: string[] };

/** Receives build events. */
export type ProgressSink = (event: BuildEvent) => void;

let nextId = 0;

/** Runs `work` as a vertex named `name`: start, then done or error, with its own id. */
export async function vertex<T>(sink: ProgressSink, name: string, work: (log: VertexLog) => Promise<T>): Promise<T> {
  const id = `v${++nextId}`;
  sink({ type: 'vertex-start', id, name, time: Date.now() });
  const log: VertexLog = {
    id,
    status: (message) => sink({ type: 'vertex-status', id, time: Date.now(), message }),
    output: (stream, data) => sink({ type: 'vertex-log', id, time: Date.now(), stream, data }),
  };
  try {
    const result = await work(log);
    sink({ type: 'vertex-done', id, time: Date.now() });
    return result;
  } catch (err) {
    sink({ type: 'vertex-error', id, time: Date.now(), error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

/** Reports a vertex whose result came from the cache. */
export function cachedVertex(sink: ProgressSink, name: string): void {
  sink({ type: 'vertex-cached', id: `v${++nextId}`, name, time: Date.now() });
}

/** What a running vertex may report. */
export interface VertexLog {
  id: string;
  status(message: string): void;
  output(stream: 'stdout' | 'stderr', data: string): void;
}
