import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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
