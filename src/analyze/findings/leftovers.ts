// Things a layer keeps that the running image does not need: package-manager caches, temporary
// files, and compilers in the final stage. Rules are data: a path pattern and what to change.

import { humanSize } from '../../cli/format/index.js';
import type { AnalyzedLayer, FileChange, Finding } from '../types.js';
import { biggestPaths, finding, groupBy, layerLabel, totalSize, type FindingContext } from './context.js';

interface LeftoverRule {
  kind: 'package-cache' | 'build-leftovers';
  what: string;
  pattern: RegExp;
  fix: string;
}

const HOME = '(?:/root|/home/[^/]+)';

/** Caches and leftovers, most specific first (a file counts for the first rule it matches). */
const RULES: LeftoverRule[] = [
  { kind: 'package-cache', what: 'apt package lists', pattern: /^\/var\/lib\/apt\/lists\/(?!lock$)(?!partial$)./, fix: 'end the RUN that runs apt-get with `&& rm -rf /var/lib/apt/lists/*`, or mount a cache: `RUN --mount=type=cache,target=/var/lib/apt/lists …`' },
  { kind: 'package-cache', what: 'the apt package cache', pattern: /^\/var\/cache\/apt\/./, fix: 'run `apt-get clean` in the same RUN as apt-get install (or `RUN --mount=type=cache,target=/var/cache/apt`)' },
  { kind: 'package-cache', what: 'the apk cache', pattern: /^\/var\/cache\/apk\/./, fix: 'use `apk add --no-cache`' },
  { kind: 'package-cache', what: 'the yum/dnf cache', pattern: /^\/var\/cache\/(?:yum|dnf)\/./, fix: 'run `dnf clean all` (or `yum clean all`) in the same RUN as the install' },
  { kind: 'package-cache', what: 'the pip cache', pattern: new RegExp(`^${HOME}/\\.cache/pip/.`), fix: 'use `pip install --no-cache-dir` (or ENV PIP_NO_CACHE_DIR=1)' },
  { kind: 'package-cache', what: 'the npm cache', pattern: new RegExp(`^${HOME}/\\.npm/.`), fix: 'run `npm cache clean --force` in the same RUN as npm install/ci, or `RUN --mount=type=cache,target=/root/.npm …`' },
  { kind: 'package-cache', what: 'the yarn cache', pattern: new RegExp(`^(?:/usr/local/share/\\.cache/yarn|${HOME}/\\.cache/yarn)/.`), fix: 'run `yarn cache clean` in the same RUN as yarn install, or mount a cache for it' },
  { kind: 'package-cache', what: 'the Go build and module caches', pattern: new RegExp(`^(?:${HOME}/\\.cache/go-build|${HOME}/go/pkg/mod)/.`), fix: 'build in a separate stage, or `RUN --mount=type=cache,target=/root/.cache/go-build …`' },
  { kind: 'package-cache', what: 'a cache directory', pattern: new RegExp(`^(?:/var/cache|${HOME}/\\.cache)/.`), fix: 'remove the cache in the same RUN that fills it, or mount a cache with `RUN --mount=type=cache`' },
  { kind: 'build-leftovers', what: 'temporary files', pattern: /^\/(?:var\/)?tmp\/./, fix: 'remove them in the same RUN that creates them (`&& rm -rf /tmp/*`), or `RUN --mount=type=tmpfs,target=/tmp …`' },
];

const COMPILERS = /^(?:\/usr\/(?:local\/)?bin\/(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+|rustc|cargo|go|javac)(?:-[\d.]+)?|\/usr\/(?:lib|libexec)\/gcc\/.+|\/usr\/local\/go\/(?:bin|pkg\/tool)\/.+|\/usr\/lib\/go-[\d.]+\/.+)$/;

/** Package-manager caches and temporary files a layer stores (whether or not later deleted). */
export function leftovers({ layers }: FindingContext): Finding[] {
  const findings: Finding[] = [];
  for (const layer of layers) {
    const files = layer.changes.filter((change) => change.kind !== 'removed' && change.type === 'file' && change.size > 0);
    const matched = groupBy(
      files.flatMap((file) => {
        const rule = RULES.find((r) => r.pattern.test(file.path));
        return rule === undefined ? [] : [{ file, rule }];
      }),
      (match) => match.rule.what,
    );
    for (const matches of matched.values()) findings.push(leftoverFinding(layer, matches[0].rule, matches.map((m) => m.file)));
  }
  return findings;
}

function leftoverFinding(layer: AnalyzedLayer, rule: LeftoverRule, files: FileChange[]): Finding {
  const bytes = totalSize(files);
  return finding(rule.kind, layer, {
    relatedLayers: [],
    bytes,
    paths: biggestPaths(files),
    message: `${layerLabel(layer)} stores ${rule.what}: ${files.length} file${files.length === 1 ? '' : 's'}, ${humanSize(bytes)}`,
    fix: rule.fix,
  });
}

/** Compilers and toolchains present in the final filesystem. */
export function compilersInFinal({ layers, visible }: FindingContext): Finding[] {
  const toolchain = visible.filter((file) => COMPILERS.test(file.path));
  return [...groupBy(toolchain, (file) => String(file.layer)).values()].map((files) => {
    const layer = layers[files[0].layer];
    const bytes = totalSize(files);
    return finding('compilers-in-final', layer, {
      relatedLayers: [],
      bytes,
      paths: biggestPaths(files),
      message: `${layerLabel(layer)} leaves a compiler toolchain in the final image (${files.length} files, ${humanSize(bytes)})`,
      fix: 'build in a separate stage (`FROM … AS build`) and `COPY --from=build` only the built artifacts into the final stage',
    });
  });
}
