// Which build step made each layer: history entries that created a layer, in order (as docker
// and dive pair them), with `created_by` cleaned into the Dockerfile instruction it came from.

import type { HistoryEntry } from '../core/index.js';

/** The instruction text and word of every layer; the comment (`# Imported from -`) when created_by is empty, '' without history. */
export function layerInstructions(history: HistoryEntry[] | undefined, layerCount: number): Array<{ instruction: string; command: string }> {
  const withLayers = (history ?? []).filter((entry) => entry.empty_layer !== true);
  return Array.from({ length: layerCount }, (_, i) => {
    const entry = withLayers[i];
    const instruction = entry?.created_by ? cleanCreatedBy(entry.created_by) : entry?.comment ? `# ${entry.comment}` : '';
    return { instruction, command: /^[A-Z]+\b/.exec(instruction)?.[0] ?? '' };
  });
}

/**
 * `created_by` as a Dockerfile line: BuildKit's `RUN /bin/sh -c CMD # buildkit` and
 * `RUN |2 A=1 B=2 /bin/sh -c CMD`, the classic builder's `/bin/sh -c #(nop) COPY …` and
 * `/bin/sh -c CMD` (a RUN).
 */
export function cleanCreatedBy(createdBy: string): string {
  let text = createdBy.trim().replace(/\s+# buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(text);
  if (nop !== null) return text.slice(nop[0].length).trim();
  if (text.startsWith('/bin/sh -c ')) return `RUN ${text.slice('/bin/sh -c '.length)}`;
  text = text.replace(/^RUN \|\d+ (?:\S+=\S*\s+)*/, 'RUN ');
  return text.replace(/^RUN \/bin\/sh -c /, 'RUN ');
}
