import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignTabs, bytesSize, ellipsis, humanDuration, humanSize, humanSizeWithPrecision, timeAgo, truncateId } from './index.js';

test('go-units sizes: decimal with %.Ng, binary BytesSize', () => {
  // docker images SIZE (precision 3), values seen from docker 20.10: 1.98MB, 67B, 0B.
  const images: [number, string][] = [[1982256, '1.98MB'], [67, '67B'], [0, '0B'], [7_800_000, '7.8MB'], [1_234_567_890, '1.23GB'], [512, '512B'], [999_999, '1e+03kB'], [1125, '1.12kB'], [100_000, '100kB']];
  for (const [n, s] of images) assert.equal(humanSizeWithPrecision(n, 3), s, String(n));
  assert.equal(humanSize(1982256), '1.982MB');
  assert.equal(humanSize(2_746_000), '2.746MB');
  assert.equal(humanSize(796_000), '796kB');
  assert.equal(bytesSize(44 * 1024), '44KiB');
  assert.equal(bytesSize(17 * 1024 * 1024), '17MiB');
  assert.equal(bytesSize(1536), '1.5KiB');
  assert.equal(bytesSize(1000), '1000B');
});

test('go-units HumanDuration thresholds and CreatedSince', () => {
  const s = 1000;
  const h = 3600 * s;
  const cases: [number, string][] = [
    [999, 'Less than a second'], [s, '1 second'], [59 * s, '59 seconds'], [60 * s, 'About a minute'], [119 * s, 'About a minute'],
    [120 * s, '2 minutes'], [59 * 60 * s, '59 minutes'], [60 * 60 * s, 'About an hour'], [89 * 60 * s, 'About an hour'],
    [90 * 60 * s, '2 hours'], [47 * h, '47 hours'], [48 * h, '2 days'], [13 * 24 * h, '13 days'], [14 * 24 * h, '2 weeks'],
    [59 * 24 * h, '8 weeks'], [60 * 24 * h, '2 months'], [729 * 24 * h, '24 months'], [730 * 24 * h, '2 years'],
  ];
  for (const [ms, text] of cases) assert.equal(humanDuration(ms), text, String(ms));
  assert.equal(timeAgo('2026-01-01T00:00:00Z', Date.parse('2026-01-01T02:00:00Z')), '2 hours ago');
  assert.equal(timeAgo(new Date(0), 500), 'Less than a second ago');
});

test('truncateId and Ellipsis (docker history CREATED BY at 45)', () => {
  assert.equal(truncateId('sha256:5208dcdf75582ee1a2938ec7c7ce221c2c7356a2b71a406c436c29684891ef69'), '5208dcdf7558');
  assert.equal(truncateId('abc'), 'abc');
  // Recorded from docker 20.10 `docker history`.
  assert.equal(ellipsis('/busybox sh -c echo this is a rather long command line that goes past forty five chars > /x', 45), '/busybox sh -c echo this is a rather long co…');
  assert.equal(ellipsis('/bin/sh -c #(nop)  LABEL x=y', 45), '/bin/sh -c #(nop)  LABEL x=y');
  assert.equal(ellipsis('日本語テキスト', 6), '日本…');
  assert.equal(ellipsis('abc', 1), 'a');
  assert.equal(ellipsis('abc', 0), '');
});

test('alignTabs behaves like Go tabwriter with docker settings (10, 1, 3)', () => {
  assert.equal(alignTabs('A\tB\tC\nlonger-than-ten-cells\tx\ty\n'), 'A                       B         C\nlonger-than-ten-cells   x         y\n');
  // A line with fewer cells ends the column block above it.
  assert.equal(alignTabs('a\tb\nno tabs\nccc\td\n'), `a${' '.repeat(9)}b\nno tabs\nccc${' '.repeat(7)}d\n`);
  assert.equal(alignTabs('x\t\ty\n'), `x${' '.repeat(19)}y\n`);
  assert.equal(alignTabs('é\tz\n'), `é${' '.repeat(9)}z\n`);
});
