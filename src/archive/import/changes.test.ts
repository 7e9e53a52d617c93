import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerConfig } from '../../core/index.js';
import { applyChanges } from './changes.js';

test('applyChanges: exec and shell forms, ENTRYPOINT clears an earlier-set CMD only when CMD came from the image', () => {
  assert.deepEqual(applyChanges({}, ['CMD echo hi']).Cmd, ['/bin/sh', '-c', 'echo hi']);
  assert.deepEqual(applyChanges({}, ['CMD ["echo","hi"]']).Cmd, ['echo', 'hi']);
  const inherited: ContainerConfig = { Cmd: ['sh'] };
  assert.equal(applyChanges(inherited, ['ENTRYPOINT ["cat"]']).Cmd, null);
  assert.deepEqual(applyChanges({}, ['CMD ["x"]', 'ENTRYPOINT ["cat"]']).Cmd, ['x']);
});

test('applyChanges: ENV and LABEL pairs with quotes, legacy ENV form, replacing keys', () => {
  const config = applyChanges({ Env: ['A=0'] }, ['ENV A=1 B="x y"', 'ENV C hello  world', "LABEL a=b 'c d'=e"]);
  assert.deepEqual(config.Env, ['A=1', 'B=x y', 'C=hello world']);
  assert.deepEqual(config.Labels, { a: 'b', 'c d': 'e' });
});

test('applyChanges: EXPOSE ranges and protocols, VOLUME, WORKDIR joins, USER, STOPSIGNAL, ONBUILD', () => {
  const config = applyChanges({}, ['EXPOSE 80 53/udp 8000-8001', 'VOLUME ["/a","/b"]', 'VOLUME /c', 'WORKDIR /srv', 'WORKDIR app', 'USER 1000:1000', 'STOPSIGNAL SIGTERM', 'ONBUILD RUN make']);
  assert.deepEqual(Object.keys(config.ExposedPorts ?? {}), ['80/tcp', '53/udp', '8000/tcp', '8001/tcp']);
  assert.deepEqual(Object.keys(config.Volumes ?? {}), ['/a', '/b', '/c']);
  assert.equal(config.WorkingDir, '/srv/app');
  assert.equal(config.User, '1000:1000');
  assert.equal(config.StopSignal, 'SIGTERM');
  assert.deepEqual(config.OnBuild, ['RUN make']);
});

test('applyChanges: refuses what docker refuses, naming the change', () => {
  assert.throws(() => applyChanges({}, ['RUN make']), /^BerthError: run is not a valid change command$/);
  assert.throws(() => applyChanges({}, ['EXPOSE http']), /--change 'EXPOSE http': invalid containerPort: http/);
  assert.throws(() => applyChanges({}, ['ENV A']), /ENV must have two arguments/);
  assert.throws(() => applyChanges({}, ['ONBUILD ONBUILD RUN x']), /Chaining ONBUILD/);
  assert.throws(() => applyChanges({}, ['LABEL "a=b']), /matching "/);
});
