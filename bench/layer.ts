// Layer throughput: berth's tar writer/reader, compressors and safe extraction against GNU tar
// (+ gzip, pigz, zstd) on the same tree, in one run.
//   node dist/bench/layer.js [--files 20000] [--kb 10] [--runs 3]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flag, runCases, type BenchCase, type Side } from './harness.js';

const files = Number(flag('files', '20000'));
const kb = Number(flag('kb', '10'));
const runs = Number(flag('runs', '3'));
const OPS = join(import.meta.dirname, 'layer-ops.js');

/** `files` files of `kb` KB in 100 directories, half random bytes, half text. */
async function makeTree(root: string): Promise<void> {
  const text = Buffer.alloc(kb * 1024, 'lorem ipsum dolor sit amet, consectetur adipiscing elit\n');
  for (let i = 0; i < files; i++) {
    const dir = join(root, `d${i % 100}`);
    if (i < 100) await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `f${i}`), i % 2 === 0 ? randomBytes(kb * 1024) : text);
  }
}

const dir = await mkdtemp(join(tmpdir(), 'berth-bench-layer-'));
try {
  const tree = join(dir, 'tree');
  const out = join(dir, 'out');
  const target = join(dir, 'target');
  await makeTree(tree);
  const berth = (label: string, ...args: string[]): Side => ({ label, command: { command: process.execPath, args: [OPS, ...args] } });
  const shell = (label: string, script: string, prepare?: () => Promise<void>): Side => ({ label, command: { command: 'sh', args: ['-c', script] }, prepare });
  const freshTarget = async () => {
    await rm(target, { recursive: true, force: true });
    await mkdir(target);
  };
  const pack = (name: string, mode: string, filter: string): BenchCase => ({
    name: `${name} ${files}×${kb}KB`,
    berth: berth(`berth ${mode}`, 'pack', tree, out, mode),
    peer: shell(`tar | ${filter || 'cat'} | sha256sum`, `tar --numeric-owner -cf - -C ${tree} . | ${filter ? `${filter} | ` : ''}tee ${out} | sha256sum >/dev/null`),
  });
  const cases: BenchCase[] = [
    pack('pack tar', 'none', ''),
    pack('pack tar+gzip', 'gzip', 'gzip -6'),
    pack('pack tar+pigz', 'pigz', 'pigz -6'),
    pack('pack tar+zstd', 'zstd', 'zstd -3 -T0 -q'),
  ];
  execFileSync('sh', ['-c', `tar --numeric-owner -cf ${dir}/layer.tar -C ${tree} . && gzip -6 -c ${dir}/layer.tar > ${dir}/layer.tar.gz`]);
  cases.push(
    { name: `apply tar ${files}×${kb}KB`, berth: { ...berth('berth applyLayer', 'apply', `${dir}/layer.tar`, target), prepare: freshTarget }, peer: shell('tar -xf', `tar -xf ${dir}/layer.tar -C ${target}`, freshTarget) },
    { name: `apply gzip ${files}×${kb}KB`, berth: { ...berth('berth applyLayer', 'apply', `${dir}/layer.tar.gz`, target), prepare: freshTarget }, peer: shell('tar -xzf', `tar -xzf ${dir}/layer.tar.gz -C ${target}`, freshTarget) },
  );
  await runCases(cases, { runs });
} finally {
  await rm(dir, { recursive: true, force: true });
}
