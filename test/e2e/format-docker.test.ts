// berth's --format engine (src/cli/format) against docker itself: the same data rendered by
// /usr/bin/docker (20.10) and by formatInspect/formatRows must print the same bytes, errors included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { busyboxRootfs } from '../helpers/busybox.js';
import { DOCKER, DOCKERD, startDockerd, type Dockerd } from '../helpers/dockerd.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { isBerthError } from '../../src/core/errors.js';
import { checkRowsFormat, formatInspect, formatRows, HISTORY_TABLE, IMAGES_TABLE, PS_TABLE } from '../../src/cli/format/index.js';

const oracle = JSON.parse(readFileSync(fileURLToPath(new URL('../../../src/cli/format/testdata/inspect-oracle.json', import.meta.url)), 'utf8')) as { objects: { kind: string; cases: { template: string }[] }[] };
const templatesOf = (kind: string): string[] => [...new Set(oracle.objects.filter((o) => o.kind === kind).flatMap((o) => o.cases.map((c) => c.template)))];
const RICH_DOCKERFILE = 'FROM fmt:1\nEXPOSE 80/tcp 53/udp\nVOLUME /data\nLABEL Version=1\nSTOPSIGNAL SIGTERM\nHEALTHCHECK --interval=5s CMD ["/busybox","true"]\nSHELL ["/busybox","sh","-c"]\n';

/** What a command printed: stdout, stderr (trimmed) — for docker and for berth's renderer alike. */
type Printed = [stdout: string, stderr: string];

function ours(render: () => { output: string; errors: string[] } | string): Printed {
  try {
    const r = render();
    return typeof r === 'string' ? [r, ''] : [r.output, r.errors.join('\n')];
  } catch (e) {
    if (!isBerthError(e)) throw e;
    return ['', e.message];
  }
}

async function docker(d: Dockerd, args: string[]): Promise<Printed> {
  const r = await d.docker(args);
  return [r.stdout, r.stderr.trim()];
}

/**
 * docker's rows (`{{json .}}` of `listArgs`) and docker's output for `args`, taken while the rows
 * stay the same (CREATED "1 second ago" can tick between two docker calls).
 */
async function rowsAndOutput(d: Dockerd, listArgs: string[], args: string[]): Promise<[object[], Printed]> {
  const rows = async (): Promise<string> => (await d.dockerOk([...listArgs.slice(0, 1), '--format', '{{json .}}', ...listArgs.slice(1)])).stdout;
  for (;;) {
    const before = await rows();
    const printed = await docker(d, args);
    if (before === (await rows())) return [before.trim().split('\n').map((l) => JSON.parse(l) as object), printed];
  }
}


test('inspect (images, containers), images and history --format print what docker prints for the same data', async (t) => {
  if (!requireRoot(t) || !requireTools(t, DOCKERD, DOCKER)) return;
  const d = await startDockerd();
  try {
    await d.dockerOk(['import', '-c', 'LABEL a<b=x&y', '-c', 'LABEL zeta=1', '-c', 'LABEL Alpha=2', '-c', 'ENV A=1 B=2', '-m', 'hello', busyboxRootfs(), 'fmt:1']);
    await d.dockerOk(['import', busyboxRootfs(), 'plain:latest']);
    const context = await mkdtemp(join(tmpdir(), 'berth-format-'));
    try {
      await writeFile(join(context, 'Dockerfile'), RICH_DOCKERFILE);
      await d.dockerOk(['build', '-q', '--network', 'none', '-t', 'rich:2', context], { env: { DOCKER_BUILDKIT: '0' } });
    } finally {
      await rm(context, { recursive: true, force: true });
    }
    await d.dockerOk(['create', '--name', 'c1', '--network', 'none', 'fmt:1', '/busybox', 'true']);
    await d.dockerOk(['create', '--name', 'c2', '--network', 'none', '-v', '/tmp:/host:ro', '-e', 'X=1', '--label', 'a=b', '--restart', 'on-failure:3', '--health-cmd', 'true', '--expose', '80', 'fmt:1', '/busybox', 'sleep', '1']);

    for (const [kind, refs] of [['image', ['fmt:1', 'plain', 'rich:2']], ['container', ['c1', 'c2']]] as const) {
      await t.test(`${kind} inspect: default JSON and every recorded template`, async () => {
        const inspected = JSON.parse((await d.dockerOk([kind, 'inspect', ...refs])).stdout) as object[];
        assert.deepEqual(ours(() => formatInspect(undefined, inspected, { kind })), await docker(d, [kind, 'inspect', ...refs]));
        const mismatches: string[] = [];
        for (const template of templatesOf(kind)) {
          const expected = await docker(d, [kind, 'inspect', '--format', template, ...refs]);
          if (/0xc0[0-9a-f]+/.test(expected[0])) continue; // a nested Go pointer printed as its address
          const actual = ours(() => formatInspect(template, inspected, { kind }));
          if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`${template}: docker ${JSON.stringify(expected)} berth ${JSON.stringify(actual)}`);
        }
        assert.deepEqual(mismatches, []);
      });
    }

    await t.test('images: default table, table/plain/json-function templates, errors', async () => {
      const options = IMAGES_TABLE;
      const formats = [
        '', 'table', '{{json .}}', '{{.ID}}', '{{.Repository}}:{{.Tag}}\\t{{.Size}}', 'table {{.ID}}\\t{{.Digest}}\\t{{.CreatedAt}}\\t{{.VirtualSize}}\\t{{.Containers}}',
        'table {{.Repository}} {{upper .Tag}} {{json .ID}} {{pad .Tag 1 2}}|{{truncate .Repository 2}}|{{split .Tag "o"}}', 'table {{.Nope}}\\t{{.ID}}',
        '{{.Foo}}', '{{foo}}', 'table {{.Repository}}\\t{{.Foo}}', '{{if eq .Tag "1"}}one{{else}}other{{end}} {{printf "%-8s|" .Repository}}',
      ];
      for (const format of formats) {
        const args = format === '' ? ['images', 'fmt'] : ['images', '--format', format, 'fmt'];
        const [rows, printed] = await rowsAndOutput(d, ['images', 'fmt'], args);
        assert.deepEqual(ours(() => formatRows(format, rows, options)), printed, format);
      }
    });

    await t.test('history: default table and templates', async () => {
      const options = HISTORY_TABLE;
      for (const format of ['', 'table {{.ID}}\\t{{.Comment}}\\t{{.CreatedAt}}', '{{.Size}}: {{.Comment}}', '{{.Nope}}']) {
        const args = format === '' ? ['history', 'fmt:1'] : ['history', '--format', format, 'fmt:1'];
        const [rows, printed] = await rowsAndOutput(d, ['history', 'fmt:1'], args);
        assert.deepEqual(ours(() => formatRows(format, rows, options)), printed, format);
      }
    });

    await t.test('ps: default table, Label method and its header, templates, errors', async () => {
      const labels = (row: object): Record<string, string> => Object.fromEntries(String((row as { Labels: string }).Labels).split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
      // (.Labels and {{json .}} are left out: docker joins labels in Go's random map order.)
      const formats = ['', '{{json .Names}} {{json .Command}} {{.Size}}', 'table {{.ID}}\\t{{.Names}}\\t{{.Label "a"}}\\t{{.Label "com.example.my-label"}}', 'table {{.Names}}\\t{{.Status}}\\t{{.State}}\\t{{.Networks}}\\t{{.Mounts}}', '{{.Names}}: {{.Label "zeta"}}|{{.Label "nope"}}', 'table {{.Foo}}'];
      for (const format of formats) {
        const args = format === '' ? ['ps', '-a'] : ['ps', '-a', '--format', format];
        const [rows, printed] = await rowsAndOutput(d, ['ps', '-a'], args);
        const withLabel = rows.map((row) => ({ ...row, Label: (k: string) => labels(row)[k] ?? '' }));
        // docker ps first runs the whole format once against an empty row, then lists.
        const emptyRow = { ...Object.fromEntries(Object.keys(PS_TABLE.headers).map((k) => [k, ''])), Label: (_k: string) => '' };
        const render = (): string => {
          if (format !== '') checkRowsFormat(format, emptyRow, PS_TABLE.typeName);
          return formatRows(format, withLabel, PS_TABLE);
        };
        assert.deepEqual(ours(render), printed, format);
      }
    });
  } finally {
    await d.stop();
  }
});
