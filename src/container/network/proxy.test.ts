import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { once } from 'node:events';
import { startPortProxies } from './proxy.js';

test('the UDP proxy forwards datagrams and sends replies back from the published port', async () => {
  const echo = createSocket('udp4');
  echo.on('message', (message, peer) => echo.send(Buffer.concat([Buffer.from('echo:'), message]), peer.port, peer.address));
  echo.bind(0, '127.0.0.1');
  await once(echo, 'listening');
  const proxies = await startPortProxies([{ containerPort: echo.address().port, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 0 }], '127.0.0.1');
  const client = createSocket('udp4');
  try {
    assert.ok(proxies.bound[0].hostPort > 0);
    client.send('ping', proxies.bound[0].hostPort, '127.0.0.1');
    const [reply, from] = (await once(client, 'message')) as [Buffer, { port: number }];
    assert.equal(reply.toString(), 'echo:ping');
    assert.equal(from.port, proxies.bound[0].hostPort);
  } finally {
    client.close();
    proxies.close();
    echo.close();
  }
});

test('the TCP proxy pipes both ways; a taken port is "already allocated" (exit status 125)', async () => {
  const upstream = createServer((socket) => socket.pipe(socket));
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const port = (upstream.address() as { port: number }).port;
  const proxies = await startPortProxies([{ containerPort: port, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0 }], '127.0.0.1');
  try {
    const socket = connect(proxies.bound[0].hostPort, '127.0.0.1');
    socket.end('hello');
    let echoed = '';
    for await (const chunk of socket) echoed += String(chunk);
    assert.equal(echoed, 'hello');
    const taken = { containerPort: port, protocol: 'tcp' as const, hostIp: '127.0.0.1', hostPort: proxies.bound[0].hostPort };
    const free = { ...taken, hostPort: 0 };
    await assert.rejects(startPortProxies([free, taken], '127.0.0.1'), (err: Error & { exitCode?: number }) => {
      assert.equal(err.message, `Bind for 127.0.0.1:${taken.hostPort} failed: port is already allocated`);
      return err.exitCode === 125;
    });
  } finally {
    proxies.close();
    upstream.close();
  }
});
