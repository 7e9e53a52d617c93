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
import { formatInspect, formatRows } from '../../src/cli/format/index.js';

const oracle = JSON.parse(readFileSync(fileURLToPath(new URL('../../../src/cli/format/testdata/inspect-oracle.json', import.meta.url)), 'utf8')) as { images: { cases: { template: string }[] }[] };
const TEMPLATES = [...new Set(oracle.images.flatMap((i) => i.cases.map((c) => c.template)))];
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

const IMAGE_HEADERS = { ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', Size: 'SIZE', Containers: 'CONTAINERS', VirtualSize: 'SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE' };
const HISTORY_HEADERS = { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' };

test('inspect, images and history --format print what docker prints for the same data', async (t) => {
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
    const refs = ['fmt:1', 'plain', 'rich:2'];
    const inspected = JSON.parse((await d.dockerOk(['image', 'inspect', ...refs])).stdout) as object[];

    await t.test('image inspect: default JSON and every recorded template', async () => {
      assert.deepEqual(ours(() => formatInspect(undefined, inspected, { kind: 'image' })), await docker(d, ['image', 'inspect', ...refs]));
      const mismatches: string[] = [];
      for (const template of TEMPLATES) {
        const expected = await docker(d, ['image', 'inspect', '--format', template, ...refs]);
        if (/0xc0[0-9a-f]+/.test(expected[0])) continue; // a nested Go pointer printed as its address
        const actual = ours(() => formatInspect(template, inspected, { kind: 'image' }));
        if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`${template}: docker ${JSON.stringify(expected)} berth ${JSON.stringify(actual)}`);
      }
      assert.deepEqual(mismatches, []);
    });

    await t.test('images: default table, table/plain/json-function templates, errors', async () => {
      const options = { defaultFormat: 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}', headers: IMAGE_HEADERS, typeName: '*formatter.imageContext' };
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
      const options = { defaultFormat: 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}', headers: HISTORY_HEADERS, typeName: '*image.historyContext' };
      for (const format of ['', 'table {{.ID}}\\t{{.Comment}}\\t{{.CreatedAt}}', '{{.Size}}: {{.Comment}}', '{{.Nope}}']) {
        const args = format === '' ? ['history', 'fmt:1'] : ['history', '--format', format, 'fmt:1'];
        const [rows, printed] = await rowsAndOutput(d, ['history', 'fmt:1'], args);
        assert.deepEqual(ours(() => formatRows(format, rows, options)), printed, format);
      }
    });
  } finally {
    await d.stop();
  }
});
