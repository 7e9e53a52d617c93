// HTTPS to a registry that is not insecure (a non-loopback address): the certificate is refused
// until its CA is placed in the certs.d folder of that host, then push and pull work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, copyFile, writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { openStore, writeTestImage } from '../../src/store/index.js';
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

/** A CA and a server certificate it signed for `ip`. */
async function makeCertificates(dir: string, ip: string): Promise<{ ca: string; cert: string; key: string }> {
  const file = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await runOk(OPENSSL, ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '1', '-subj', '/CN=berth test CA']);
  await runOk(OPENSSL, ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${ip}`]);
  await writeFile(file('san.ext'), `subjectAltName=IP:${ip}\n`);
  await runOk(OPENSSL, ['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.crt'), '-days', '1', '-extfile', file('san.ext')]);
  return { ca: file('ca.crt'), cert: file('server.crt'), key: file('server.key') };
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
