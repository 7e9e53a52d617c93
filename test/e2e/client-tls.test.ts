// HTTPS to a registry that is not insecure (a non-loopback address): the certificate is refused
// until its CA is placed in the certs.d folder of that host, then push and pull work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, copyFile, readFile, writeFile } from 'node:fs/promises';
import { constants } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { openStore, writeTestImage } from '../../src/store/index.js';
import { RegistryClient } from '../../src/distribution/client/index.js';
import { tempStore } from '../helpers/busybox.js';
import { runOk } from '../helpers/process.js';
import { requireTools } from '../helpers/tools.js';
import { clientEnv } from './client-fixtures.js';
import { startRegistryProcess, tempDir } from './registry-fixtures.js';

const OPENSSL = '/usr/bin/openssl';

/** The first non-loopback IPv4 address of this machine (a host berth treats as secure). */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

/** A CA and a certificate it signed for `ip` named `name` (`name.crt`, `name.key`). */
async function makeCertificates(dir: string, ip: string, name = 'server'): Promise<{ ca: string; cert: string; key: string }> {
  const file = (base: string) => join(dir, base);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await runOk(OPENSSL, ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '1', '-subj', '/CN=berth test CA']);
  await runOk(OPENSSL, ['req', ...ec, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${ip}`]);
  await writeFile(file('san.ext'), `subjectAltName=IP:${ip}\n`);
  await runOk(OPENSSL, ['x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file(`${name}.crt`), '-days', '1', '-extfile', file('san.ext')]);
  return { ca: file('ca.crt'), cert: file(`${name}.crt`), key: file(`${name}.key`) };
}

test('a secure registry\'s certificate is verified, with extra CAs from certs.d/<host>/', async (t) => {
  if (!requireTools(t, OPENSSL)) return;
  const ip = externalAddress();
  if (ip === undefined) {
    if (process.env.CI) throw new Error('no non-loopback IPv4 address for the TLS test');
    t.skip('no non-loopback IPv4 address');
    return;
  }
  const { dir, cleanup } = await tempDir('berth-client-tls-');
  const tls = await makeCertificates(dir, ip);
  const registry = await startRegistryProcess('', ['--addr', `${ip}:0`, '--storage', join(dir, 'storage'), '--tls-cert', tls.cert, '--tls-key', tls.key]);
  const store = await tempStore();
  t.after(async () => {
    await registry.stop();
    await Promise.all([store.cleanup(), cleanup()]);
  });
  assert.match(registry.url, /^https:/);
  const certsD = join(dir, 'certs.d');
  const env = clientEnv(dir, { BERTH_CERTS_D: certsD });
  const name = `${registry.host}/secure/app:1`;
  const image = await writeTestImage(await openStore({ root: store.root }));
  await (await openStore({ root: store.root })).images.tag(name, image);

  const refused = await store.berth(['push', name], { env });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`cannot reach registry ${registry.host.replace(/\./g, '\\.')} at https://.*(self.signed|unable to (get|verify)|UNABLE_TO|SELF_SIGNED)`, 'i'));

  await mkdir(join(certsD, registry.host), { recursive: true });
  await copyFile(tls.ca, join(certsD, registry.host, 'ca.crt'));
  assert.match((await store.berthOk(['push', name], { env })).stdout, new RegExp(`^1: digest: ${image.digest}`));
  const other = await tempStore();
  t.after(() => other.cleanup());
  assert.equal((await other.berthOk(['pull', '-q', name], { env })).stdout, `${name}\n`);
});

test('a client certificate pair (NAME.cert + NAME.key) in certs.d/<host>/ is presented to the registry', async (t) => {
  if (!requireTools(t, OPENSSL)) return;
  const { dir, cleanup } = await tempDir('berth-client-mtls-');
  const server = await makeCertificates(dir, '127.0.0.1');
  await mkdir(join(dir, 'client'));
  const client = await makeCertificates(join(dir, 'client'), '127.0.0.1', 'client');
  // A /v2/ endpoint that answers 200 only to a client certificate signed by the client CA. No TLS
  // tickets: Node reports a resumed session as authorized even when no certificate was sent.
  const https = createServer({
    cert: await readFile(server.cert), key: await readFile(server.key), ca: await readFile(client.ca),
    requestCert: true, rejectUnauthorized: false, secureOptions: constants.SSL_OP_NO_TICKET,
  }, (req, res) => {
    res.writeHead((req.socket as TLSSocket).authorized ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    https.closeAllConnections();
    await new Promise((resolve) => https.close(resolve));
    await cleanup();
  });
  const host = `127.0.0.1:${(https.address() as AddressInfo).port}`;
  const certsD = join(dir, 'certs.d');
  process.env.BERTH_CERTS_D = certsD;
  t.after(() => delete process.env.BERTH_CERTS_D);
  const check = async () => {
    const registry = await RegistryClient.open(host, { credentials: null, settings: {}, retries: 0 });
    try {
      await registry.checkLogin();
    } finally {
      await registry.close();
    }
  };
  await assert.rejects(check(), /unauthorized/);
  await mkdir(join(certsD, host), { recursive: true });
  await copyFile(client.cert, join(certsD, host, 'client.cert'));
  await copyFile(client.key, join(certsD, host, 'client.key'));
  await check();
});
