import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Instruction } from '../../dockerfile/types.js';
import { applyMetadata, exposedPorts, goDuration, resolveWorkdir } from './metadata.js';
import { scratchConfig } from './state.js';
import type { ImageState } from './state.js';

const base = { node: {} as never, location: { file: 'Dockerfile', line: 1, column: 1 } };
const state = (): ImageState => ({ config: scratchConfig({ os: 'linux', architecture: 'amd64' }), layers: [], cacheKey: 'k', cmdSet: false });

test('ENTRYPOINT resets an inherited CMD but keeps one set in the stage', () => {
  const inherited = state();
  inherited.config.config!.Cmd = ['sh'];
  assert.equal(applyMetadata(inherited, { ...base, kind: 'ENTRYPOINT', command: { form: 'exec', args: ['httpd'] } } as Instruction, []), 'ENTRYPOINT ["httpd"]');
  assert.equal(inherited.config.config!.Cmd, null);
  const own = state();
  applyMetadata(own, { ...base, kind: 'CMD', command: { form: 'shell', command: 'echo hi' } } as Instruction, []);
  assert.deepEqual(own.config.config!.Cmd, ['/bin/sh', '-c', 'echo hi']);
  applyMetadata(own, { ...base, kind: 'ENTRYPOINT', command: { form: 'exec', args: ['x'] } } as Instruction, []);
  assert.deepEqual(own.config.config!.Cmd, ['/bin/sh', '-c', 'echo hi']);
});

test('SHELL changes how shell-form CMD is wrapped; history texts match BuildKit', () => {
  const s = state();
  assert.equal(applyMetadata(s, { ...base, kind: 'SHELL', shell: ['/bin/bash', '-c'] } as Instruction, []), 'SHELL [/bin/bash -c]');
  assert.equal(applyMetadata(s, { ...base, kind: 'CMD', command: { form: 'shell', command: 'ls' } } as Instruction, []), 'CMD ["/bin/bash" "-c" "ls"]');
  assert.equal(applyMetadata(s, { ...base, kind: 'EXPOSE', ports: ['80', '53/UDP'] } as Instruction, []), 'EXPOSE map[53/udp:{} 80/tcp:{}]');
  assert.deepEqual(s.config.config!.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
  assert.equal(applyMetadata(s, { ...base, kind: 'ENV', pairs: [{ key: 'A', value: 'b c', legacy: false }] } as Instruction, ['PATH=/bin', 'A=b c']), 'ENV A=b c');
  assert.deepEqual(s.config.config!.Env, ['PATH=/bin', 'A=b c']);
});

test('ports, durations and working directories', () => {
  assert.deepEqual(exposedPorts(['8000-8002/tcp']), ['8000/tcp', '8001/tcp', '8002/tcp']);
  assert.equal(goDuration(30e9), '30s');
  assert.equal(goDuration(300e9), '5m0s');
  assert.equal(goDuration(1.5e9), '1.5s');
  assert.equal(resolveWorkdir('/app', 'src'), '/app/src');
  assert.equal(resolveWorkdir('/app', '/x'), '/x');
});
