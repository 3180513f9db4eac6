import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './free-port';
import { tempDir } from './temp-dir';
import { waitFor } from './wait-for';

export interface Sshd {
  port: number;
  /** The server's host key, as a known_hosts line names it ("ssh-ed25519 AAAA…"). */
  hostKey: string;
  /** SHA256:… of the host key, as ssh-keygen -l prints it. */
  hostKeyFingerprint: string;
  /** A private key the server accepts for the user running the tests. */
  clientKeyFile: string;
  stop: () => Promise<void>;
}

const keygen = (file: string): void => {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'pipe' });
};

/**
 * A real OpenSSH server on 127.0.0.1 (its own host key, config and authorized_keys in a temp
 * folder; public-key logins only, TCP forwarding on), for the user running the tests.
 */
export async function startSshd(): Promise<Sshd> {
  const dir = tempDir('zervigo-sshd-');
  keygen(path.join(dir, 'host_key'));
  keygen(path.join(dir, 'client_key'));
  fs.copyFileSync(path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys'));
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'AllowTcpForwarding yes',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  // Run as root, sshd wants its privilege separation folder (the system service makes it at start).
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  await waitFor(
    () =>
      new Promise<boolean | undefined>((resolve, reject) => {
        if (child.exitCode !== null) reject(new Error(`sshd exited: ${stderr}`));
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(undefined));
      }),
    { timeoutMs: 10_000, what: `sshd listening on 127.0.0.1:${port}` },
  );
  const hostKey = fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const hostKeyFingerprint = execFileSync('ssh-keygen', ['-l', '-f', path.join(dir, 'host_key.pub')], { encoding: 'utf8' }).split(/\s+/)[1] as string;
  return {
    port,
    hostKey,
    hostKeyFingerprint,
    clientKeyFile: path.join(dir, 'client_key'),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
