import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBinding, parseExpose, parsePublish, portsColumn } from './ports.js';

test('parsePublish reads every form the lessons use', () => {
  assert.deepEqual(parsePublish('8888:8888'), [{ containerPort: 8888, protocol: 'tcp', hostIp: '', hostPort: 8888 }]);
  assert.deepEqual(parsePublish('127.0.0.1:8080:80/udp'), [{ containerPort: 80, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 8080 }]);
  assert.deepEqual(parsePublish('80'), [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 0 }]);
  assert.deepEqual(parsePublish('127.0.0.1::80'), [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0 }]);
  assert.deepEqual(parsePublish('[::1]:8080:80'), [{ containerPort: 80, protocol: 'tcp', hostIp: '::1', hostPort: 8080 }]);
  assert.deepEqual(parsePublish('8000-8001:80-81').map((b) => [b.hostPort, b.containerPort]), [[8000, 80], [8001, 81]]);
});

test('parsePublish refuses bad ports and protocols with exit status 125', () => {
  for (const spec of ['0:80', '70000:80', 'x:80', '80/sctp', '1:2:3:4', '8000-8002:80-81']) {
    assert.throws(() => parsePublish(spec), (err: { exitCode?: number }) => err.exitCode === 125, spec);
  }
});

test('expose, port and ps formatting follow docker', () => {
  assert.deepEqual(parseExpose('7000-7001/udp'), ['7000/udp', '7001/udp']);
  assert.equal(formatBinding({ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 }), '80/tcp -> 0.0.0.0:8080');
  assert.equal(portsColumn(['80/tcp', '443/tcp'], [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 }]), '0.0.0.0:8080->80/tcp, 443/tcp');
});
