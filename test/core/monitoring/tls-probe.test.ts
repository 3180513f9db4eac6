import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { tlsProbe } from '../../../src/core/monitoring/kinds/tls-probe';
import { probeConfig, runCheck, sampleValue, testAgents } from '../../helpers/run-check';
import { tempDir } from '../../helpers/temp-dir';
import { selfSignedCertificate, type CertificatePair } from '../../helpers/tls-certs';

const DAY = 86_400_000;
const servers: tls.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A TLS server on 127.0.0.1 that completes the handshake and hangs up. */
async function tlsServer(pair: CertificatePair): Promise<string> {
  const server = tls.createServer({ key: pair.key, cert: pair.cert }, (socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The certificate as a CA file in the service's folder (a private CA, as `ca:` names it). */
function caFolder(pair: CertificatePair): string {
  const dir = tempDir('zervigo-tls-ca-');
  fs.writeFileSync(path.join(dir, 'ca.pem'), pair.cert);
  return dir;
}

async function check(input: Record<string, unknown>, serviceDir = process.cwd()) {
  const probe = probeConfig({ timeout: '3s', ...input });
  const run = tlsProbe.createCheck(probe.tls as never, {
    probe: { expect: probe.expect, shell: probe.shell, timeoutMs: probe.timeout },
    service: { name: 'api', dir: serviceDir, env: {}, pidFile: undefined, pid: () => null },
    agents: testAgents(),
  });
  return runCheck(run, probe.timeout);
}

describe('tls probe', () => {
  it('passes on a certificate that verifies against the CA given, reporting the days left', async () => {
    const pair = selfSignedCertificate(new Date(Date.now() - DAY), new Date(Date.now() + 90 * DAY));
    const address = await tlsServer(pair);
    const result = await check({ tls: { address, ca: 'ca.pem' } }, caFolder(pair));
    expect(result).toMatchObject({ ok: true, reason: null });
    expect(sampleValue(result, 'probe_ssl_earliest_cert_expiry')).toBe(pair.notAfter / 1000);
    expect(Math.round(sampleValue(result, 'probe_ssl_cert_days_left') ?? 0)).toBe(90);
  });

  it('fails when the certificate expires within cert_days_min, still reporting the days left', async () => {
    const pair = selfSignedCertificate(new Date(Date.now() - DAY), new Date(Date.now() + 20 * DAY));
    const address = await tlsServer(pair);
    const result = await check({ tls: { address, ca: 'ca.pem' }, expect: { cert_days_min: 30 } }, caFolder(pair));
    expect(result).toMatchObject({ ok: false, reason: 'the TLS certificate expires in 19 days (cert_days_min 30)' });
    expect(Math.round(sampleValue(result, 'probe_ssl_cert_days_left') ?? 0)).toBe(20);
  });

  it('fails on a certificate that does not verify, saying why, unless insecure', async () => {
    const pair = selfSignedCertificate(new Date(Date.now() - DAY), new Date(Date.now() + 90 * DAY));
    const address = await tlsServer(pair);
    expect(await check({ tls: address })).toMatchObject({
      ok: false,
      reason: 'the TLS certificate is self-signed, so it is not trusted (set insecure: true to accept it)',
    });
    expect(await check({ tls: { address, insecure: true } })).toMatchObject({ ok: true });
    // Trusting the CA does not make it good for another name.
    expect(await check({ tls: { address, ca: 'ca.pem', server_name: 'db.internal' } }, caFolder(pair))).toMatchObject({
      ok: false,
      reason: 'the TLS certificate is not for 127.0.0.1',
    });
  });

  it('fails on an expired certificate, even with insecure', async () => {
    const pair = selfSignedCertificate(new Date('2020-01-01T00:00:00Z'), new Date('2020-02-01T00:00:00Z'));
    const address = await tlsServer(pair);
    expect(await check({ tls: { address, ca: 'ca.pem' } }, caFolder(pair))).toMatchObject({ ok: false, reason: 'the TLS certificate has expired' });
    const insecure = await check({ tls: { address, insecure: true } });
    expect(insecure.ok).toBe(false);
    expect(insecure.reason).toMatch(/^the TLS certificate expired \d+ days ago$/);
    expect(sampleValue(insecure, 'probe_ssl_cert_days_left')).toBeLessThan(-1000);
  });

  it('says when nothing listens, and when the CA file cannot be read', async () => {
    const pair = selfSignedCertificate(new Date(Date.now() - DAY), new Date(Date.now() + 90 * DAY));
    const address = await tlsServer(pair);
    const closed = servers.pop() as tls.Server;
    await new Promise((resolve) => closed.close(resolve));
    expect(await check({ tls: address })).toMatchObject({ ok: false, reason: `connection refused by ${address} (is it listening?)` });
    expect((await check({ tls: { address, ca: 'missing.pem' } }, tempDir('zervigo-tls-none-'))).reason).toMatch(/^cannot read the CA file: ENOENT/);
  });

  it('is a kind of the workspace file: its options, expectations and target are checked at load', () => {
    const parse = (probe: string) =>
      parseWorkspace(`version: 1\nservices:\n  web:\n    probes:\n      - ${probe}\n`, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {} });
    const ok = parseWorkspace('version: 1\nservices:\n  web:\n    probes:\n      - tls: example.org:443\n        expect: { cert_days_min: 14 }\n', {
      kinds: builtinKinds,
      file: 'zervigo.yaml',
      processEnv: {},
    });
    expect(ok.ok && ok.workspace.config.services.web?.probes[0]).toMatchObject({ kind: 'tls', target: 'example.org:443' });
    const unknownKey = parse('tls: { address: example.org:443, servername: x }');
    expect(unknownKey.ok || unknownKey.issues.map((issue) => `${issue.line}: ${issue.message}`)).toEqual([
      '5: unknown key "servername"; did you mean "server_name"?',
    ]);
    expect(parse('tls: example.org:443\n        expect: { status: 200 }')).toMatchObject({
      ok: false,
      issues: [{ message: 'status applies to http probes, not to tls probes (a tls probe can expect: max_ms, cert_days_min)' }],
    });
    const tcp = parse('tcp: example.org:443\n        expect: { cert_days_min: 3 }');
    expect(tcp.ok || tcp.issues.map((issue) => issue.message)).toEqual([
      'cert_days_min applies to http and tls probes, not to tcp probes (a tcp probe can expect: max_ms, contains)',
    ]);
  });
});
