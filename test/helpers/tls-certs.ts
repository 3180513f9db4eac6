import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempDir } from './temp-dir';

export interface CertificatePair {
  key: string;
  cert: string;
  notAfter: number;
}

const openssl = (cwd: string, args: string[]): void => {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
};

/** A self-signed certificate for 127.0.0.1 valid from `notBefore` to `notAfter` (openssl, at test time). */
export function selfSignedCertificate(notBefore: Date, notAfter: Date): CertificatePair {
  const dir = tempDir('zervigo-tls-');
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '01\n');
  fs.writeFileSync(
    path.join(dir, 'ca.cnf'),
    [
      '[ ca ]',
      'default_ca = self',
      '[ self ]',
      'dir = .',
      'database = ./index.txt',
      'serial = ./serial',
      'new_certs_dir = .',
      'default_md = sha256',
      'policy = any',
      'copy_extensions = copy',
      '[ any ]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'key.pem',
    '-out',
    'req.csr',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  const stamp = (date: Date): string => `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  openssl(dir, [
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-selfsign',
    '-keyfile',
    'key.pem',
    '-in',
    'req.csr',
    '-out',
    'cert.pem',
    '-startdate',
    stamp(notBefore),
    '-enddate',
    stamp(notAfter),
  ]);
  return {
    key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    notAfter: Math.floor(notAfter.getTime() / 1000) * 1000,
  };
}

/** PEM files of a test CA and what it signed, in one folder: the CA, a server certificate for 127.0.0.1 and a client certificate. */
export interface TestAuthority {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/**
 * A certificate authority made now with openssl (P-256 keys, a day's validity), a server
 * certificate for 127.0.0.1 and localhost and a client certificate for `clientName`, each signed by
 * it. The caller removes `dir` when done.
 */
export function testCertificateAuthority(clientName = 'app'): TestAuthority {
  // Not a tempDir (removed after each test): a beforeAll's servers keep reading these; the caller removes dir.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-ca-'));
  const key = (name: string): void => openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', name]);
  key('ca-key.pem');
  openssl(dir, ['req', '-x509', '-new', '-key', 'ca-key.pem', '-sha256', '-days', '1', '-subj', '/CN=Zervigo test CA', '-out', 'ca.pem']);
  const signed = (name: string, subject: string, extensions: string): void => {
    key(`${name}-key.pem`);
    openssl(dir, ['req', '-new', '-key', `${name}-key.pem`, '-subj', subject, '-out', `${name}.csr`]);
    fs.writeFileSync(path.join(dir, `${name}.ext`), `${extensions}\n`);
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-days',
      '1',
      '-sha256',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    ]);
  };
  signed('server', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth');
  signed('client', `/CN=${clientName}`, 'extendedKeyUsage=clientAuth');
  const at = (name: string): string => path.join(dir, name);
  return {
    dir,
    ca: at('ca.pem'),
    serverCert: at('server.pem'),
    serverKey: at('server-key.pem'),
    clientCert: at('client.pem'),
    clientKey: at('client-key.pem'),
  };
}
