// Bytes stored in layers but not useful in the final image: files a later layer deletes or
// replaces, and the same content stored more than once.

import { humanSize } from '../../cli/format/index.js';
import type { Finding } from '../types.js';
import { biggestPaths, finding, groupBy, layerLabel, totalSize, type FindingContext } from './context.js';

/** Files written in one layer and deleted in a later one. */
export function removedLater({ layers, hidden }: FindingContext): Finding[] {
  const removed = hidden.filter((file) => file.reason === 'removed' && file.fromLayer !== file.byLayer);
  return [...groupBy(removed, (file) => `${file.fromLayer}:${file.byLayer}`).values()].map((files) => {
    const from = layers[files[0].fromLayer];
    const by = layers[files[0].byLayer];
    const bytes = totalSize(files);
    const fix =
      from.command === 'RUN' && by.command === 'RUN'
        ? `delete the files in the same RUN that creates them (\`${from.command} … && rm …\`), or merge the two RUN steps`
        : from.command === 'COPY' || from.command === 'ADD'
          ? `leave the files out of the ${from.command} (a narrower source or a .dockerignore entry) instead of deleting them later`
          : 'use a multi-stage build and copy only what the final image needs';
    return finding('removed-later', from, {
      relatedLayers: [by.index],
      bytes,
      paths: biggestPaths(files),
      message: `${layerLabel(by)} deletes ${files.length} file${files.length === 1 ? '' : 's'} (${humanSize(bytes)}) that ${layerLabel(from)} wrote; deleting them does not shrink the image, the bytes stay in layer ${from.index}`,
      fix,
    });
  });
}

/** Files a later layer replaces (changed content, or only changed metadata such as chmod/chown). */
export function overwritten({ layers, hidden }: FindingContext): Finding[] {
  const replaced = hidden.filter((file) => file.reason === 'overwritten' && file.fromLayer !== file.byLayer);
  return [...groupBy(replaced, (file) => `${file.fromLayer}:${file.byLayer}`).values()].map((files) => {
    const from = layers[files[0].fromLayer];
    const by = layers[files[0].byLayer];
    const bytes = totalSize(files);
    const metadataOnly = files.every((file) => file.sameContent);
    const what = metadataOnly ? 'copies with identical content (only metadata such as mode or owner changed)' : 'new versions';
    return finding('overwritten', from, {
      relatedLayers: [by.index],
      bytes,
      paths: biggestPaths(files),
      message: `${layerLabel(by)} replaces ${files.length} file${files.length === 1 ? '' : 's'} (${humanSize(bytes)}) of ${layerLabel(from)} with ${what}; the old versions stay in layer ${from.index}`,
      fix: metadataOnly
        ? 'set mode and owner where the files are created (`COPY --chmod=… --chown=…`, or chmod/chown in the same RUN)'
        : 'write the final version of the files in one step, or build them in another stage and copy the result once',
    });
  });
}

/** Files of the final filesystem whose content is stored more than once (at different paths). */
export function duplicateContent({ layers, visible }: FindingContext): Finding[] {
  const groups = groupBy(
    visible.filter((file) => file.size >= 1024 && file.hash !== undefined),
    (file) => file.hash as string,
  );
  const findings: Finding[] = [];
  for (const copies of groups.values()) {
    if (copies.length < 2) continue;
    const sorted = [...copies].sort((a, b) => a.layer - b.layer || (a.path < b.path ? -1 : 1));
    const last = layers[sorted[sorted.length - 1].layer];
    const bytes = copies[0].size * (copies.length - 1);
    findings.push(
      finding('duplicate-content', last, {
        relatedLayers: [...new Set(sorted.map((file) => file.layer))].filter((index) => index !== last.index),
        bytes,
        paths: sorted.map((file) => file.path).slice(0, 5),
        message: `the same ${humanSize(copies[0].size)} of content is stored ${copies.length} times: ${sorted.map((file) => `${file.path} (layer ${file.layer})`).join(', ')}`,
        fix: 'keep one copy and link to it (`ln -s`), or copy the file once to the place that needs it',
      }),
    );
  }
  return findings.sort((a, b) => b.bytes - a.bytes).slice(0, 20);
}
