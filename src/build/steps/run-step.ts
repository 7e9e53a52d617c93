import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { ResolvedStep, RunInstruction } from '../../dockerfile/types.js';
import type { NetworkMode } from '../../runtime/index.js';
import { cacheKey } from '../cache/key.js';
import type { ImageState } from '../image/state.js';
import { stageShell } from '../image/metadata.js';
import type { VertexLog } from '../progress/index.js';
import type { StepNaming } from './copy-step.js';
import type { StepEnv } from './env.js';
import { runLayerStep } from './layer-step.js';
import { runtime } from '../lazy.js';
import { checkEmulation, configPlatform } from '../../platform/index.js';
import { recordMountStubs } from './mount-stubs.js';
import { prepareMounts } from './run-mounts.js';
import { BuildStepError, TailBuffer } from './step-error.js';

/** argv of a RUN: exec form as written; shell form through SHELL, heredoc bodies handed to the shell after the command. */
export function runArgv(ins: RunInstruction, state: ImageState): string[] {
  if (ins.command.form === 'exec') return ins.command.args;
  let script = ins.command.command;
  const only = ins.heredocs.length === 1 && /^<<-?["']?\w+["']?$/.test(script.trim());
  if (only) script = ins.heredocs[0].content;
  else for (const h of ins.heredocs) script += `\n${h.content}${h.name}`;
  return [...stageShell(state.config.config), script];
}

/** BuildKit's history text for RUN: `RUN |2 A=1 B=2 /bin/sh -c cmd # buildkit` (build args counted and listed). */
export function runHistory(argv: readonly string[], args: Record<string, string>, env: readonly string[]): string {
  const envMap = new Map(env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  const pairs = Object.entries(args).map(([k, v]) => `${k}=${envMap.get(k) ?? v}`);
  const prefix = pairs.length > 0 ? [`|${pairs.length}`, ...pairs] : [];
  return `RUN ${[...prefix, ...argv].join(' ')} # buildkit`;
}

function logWriter(log: VertexLog, tail: TailBuffer, stream: 'stdout' | 'stderr'): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString('utf8');
      tail.push(text);
      log.output(stream, text);
      done();
    },
  });
}

/** Runs RUN in runc on a snapshot of the parent's layers; the snapshot's changes become the layer. */
export async function runStep(env: StepEnv, state: ImageState, ins: RunInstruction, step: ResolvedStep, naming: StepNaming): Promise<ImageState> {
  const argv = runArgv(ins, state);
  const args = step.args;
  const processEnv = step.runEnv;
  const c = state.config.config ?? {};
  const workdir = c.WorkingDir || '/';
  const networkName = ins.network ?? env.network;
  const mounts = await prepareMounts(env, ins.mounts, workdir);
  try {
    const key = cacheKey(state.cacheKey, 'RUN', argv, processEnv, c.User ?? '', workdir, networkName, mounts.identity);
    const info = { key, name: naming.name, createdBy: runHistory(argv, args, c.Env ?? []), created: naming.created };
    return await runLayerStep(env, state, info, (log) =>
      env.workspace.withSnapshot(state.layers, async (snapshot) => {
        const tail = new TailBuffer();
        const network: NetworkMode = networkName === 'none' ? 'none' : 'host';
        const stubs = await recordMountStubs(snapshot.rootfs, mounts.mounts);
        // A foreign platform's binaries need a qemu binfmt_misc handler: say how to register one instead of `exec format error`.
        await checkEmulation(configPlatform(state.config));
        const { runContainer } = await runtime();
        const result = await runContainer(
          {
            id: `berth-build-${randomBytes(8).toString('hex')}`,
            rootfs: snapshot.rootfs,
            process: { args: argv, env: [...processEnv, ...mounts.env], cwd: workdir, user: c.User || undefined },
            hostname: 'buildkitsandbox',
            network,
            extraHosts: env.addHosts,
            mounts: mounts.mounts,
          },
          { stateDir: env.workspace.stateDir, stdout: logWriter(log, tail, 'stdout'), stderr: logWriter(log, tail, 'stderr'), signal: env.signal },
        );
        if (result.exitCode !== 0) {
          throw new BuildStepError(`process "${argv.join(' ')}" did not complete successfully: exit code: ${result.exitCode}`, naming.name, ins, tail.tail());
        }
        await stubs.restore();
        return env.workspace.commit(snapshot);
      }),
    );
  } finally {
    await mounts.release();
  }
}
