import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CI_RULES, evaluateCi, parseBytes, readCiConfig } from './ci.js';
import type { Analysis } from './types.js';

const analysis = (efficiency: number, wastedBytes: number, wastedUserPercent: number) =>
  ({ dive: { efficiency, wastedBytes, wastedUserPercent, sizeBytes: 0, userSizeBytes: 0, inefficiencies: [] } }) as unknown as Analysis;

test("parseBytes reads go-humanize's sizes", () => {
  assert.equal(parseBytes('20MB'), 20_000_000);
  assert.equal(parseBytes('20 MiB'), 20 * 1024 * 1024);
  assert.equal(parseBytes('1.5kb'), 1500);
  assert.equal(parseBytes('42'), 42);
  assert.throws(() => parseBytes('lots'));
});

test("evaluateCi: dive's comparisons, disabled rules and malformed values", () => {
  const fails = (results: ReturnType<typeof evaluateCi>) => results.filter((r) => r.status === 'fail').map((r) => r.rule);
  assert.deepEqual(fails(evaluateCi(analysis(0.95, 10, 0.05), DEFAULT_CI_RULES)), []);
  assert.deepEqual(fails(evaluateCi(analysis(0.5, 10, 0.5), DEFAULT_CI_RULES)), ['highestUserWastedPercent', 'lowestEfficiency']);
  assert.deepEqual(fails(evaluateCi(analysis(0.9, 2000, 0.1), { ...DEFAULT_CI_RULES, highestWastedBytes: '1kB' })), ['highestWastedBytes']);
  const bad = evaluateCi(analysis(1, 0, 0), { ...DEFAULT_CI_RULES, lowestEfficiency: 'high' });
  assert.match(bad.find((r) => r.rule === 'lowestEfficiency')?.message ?? '', /invalid config value \('high'\)/);
  assert.equal(evaluateCi(analysis(0, 0, 0), { lowestEfficiency: 'disabled', highestWastedBytes: 'disabled', highestUserWastedPercent: 'disabled' }).every((r) => r.status === 'skip'), true);
});

test('readCiConfig: rules from YAML, missing file, unknown rule', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-analyze-ci-'));
  try {
    await writeFile(join(dir, 'ok.yaml'), 'rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n');
    assert.deepEqual(await readCiConfig(join(dir, 'ok.yaml')), { lowestEfficiency: '0.95', highestWastedBytes: '20MB' });
    assert.equal(await readCiConfig(join(dir, 'absent.yaml')), undefined);
    await writeFile(join(dir, 'bad.yaml'), 'rules:\n  lowestEficiency: 0.95\n');
    await assert.rejects(readCiConfig(join(dir, 'bad.yaml')), /unknown rule "lowestEficiency"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
