import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageConfig } from '../core/index.js';
import { mergeEnv, processConfig } from './process-config.js';
import { defaultRequest } from './request.js';

const image = {
  architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] },
  config: { Entrypoint: ['httpd', '-f'], Cmd: ['-p', '8888'], Env: ['PATH=/bin', 'A=image'], WorkingDir: '/srv', User: 'web', StopSignal: 'SIGQUIT', ExposedPorts: { '8888/tcp': {} } },
} as unknown as ImageConfig;

test("docker's ENTRYPOINT/CMD rules", () => {
  const run = (args: string[], entrypoint?: string) => {
    const { path, args: rest } = processConfig(image, { ...defaultRequest('web'), args, entrypoint });
    return [path, ...rest];
  };
  assert.deepEqual(run([]), ['httpd', '-f', '-p', '8888']);
  assert.deepEqual(run(['-p', '8889']), ['httpd', '-f', '-p', '8889']);
  assert.deepEqual(run(['hello'], 'echo'), ['echo', 'hello']);
  assert.deepEqual(run(['sh'], ''), ['sh']);
  assert.throws(() => run([], ''), /No command specified/);
});

test('env, working dir, user and stop signal come from the image unless given', () => {
  const { config } = processConfig(image, { ...defaultRequest('web'), args: [], env: ['A=flag', 'B=new'], user: '1001' });
  assert.deepEqual(config.env, ['PATH=/bin', 'A=flag', 'B=new']);
  assert.equal(config.workingDir, '/srv');
  assert.equal(config.user, '1001');
  assert.equal(config.stopSignal, 'SIGQUIT');
  assert.deepEqual(config.exposedPorts, ['8888/tcp']);
  assert.deepEqual(mergeEnv(['X=1', 'Y=2'], ['X=3']), ['X=3', 'Y=2']);
});
