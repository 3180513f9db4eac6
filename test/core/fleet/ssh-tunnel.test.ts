import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../../src/core/fleet/agents/agent-client';
import { openSshTunnel } from '../../../src/core/fleet/agents/ssh-tunnel';
import { startSshd, type Sshd } from '../../helpers/sshd';
import { tempDir } from '../../helpers/temp-dir';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An ~/.ssh of the operator: the key sshd accepts, and `knownHosts` as its known_hosts. */
function sshDir(sshd: Sshd, knownHosts: string): string {
  const dir = tempDir('zervigo-ssh-');
  fs.copyFileSync(sshd.clientKeyFile, path.join(dir, 'id_ed25519'));
  fs.writeFileSync(path.join(dir, 'known_hosts'), knownHosts);
  return dir;
}

/** What the agent is, for the tunnel: an HTTP server on 127.0.0.1 that answers its name. */
async function target(): Promise<string> {
  const server = http.createServer((_request, response) => response.end('the agent'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * SSH tunnels to agents against a real OpenSSH server: a known host key opens the tunnel; a key
 * that does not match known_hosts, or a host not in it, is refused naming the fingerprint and
 * what to do — never accepted.
 */
describe('SSH tunnels to agents (real sshd)', () => {
  it('tunnels to the agent when the host key is the one in known_hosts', async () => {
    const sshd = await startSshd();
    cleanups.push(() => sshd.stop());
    const agentUrl = await target();
    const dir = sshDir(sshd, `[127.0.0.1]:${sshd.port} ${sshd.hostKey}\n`);
    const tunnel = await openSshTunnel(`${os.userInfo().username}@127.0.0.1:${sshd.port}`, agentUrl, { sshDir: dir });
    cleanups.push(() => tunnel.close());
    expect(tunnel.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${tunnel.baseUrl}/`)).text()).toBe('the agent');
  }, 30_000);

  it('refuses a host key that does not match known_hosts, and a host not in it, saying the fingerprint and what to do', async () => {
    const sshd = await startSshd();
    cleanups.push(() => sshd.stop());
    const agentUrl = await target();
    const spec = `${os.userInfo().username}@127.0.0.1:${sshd.port}`;
    const name = `[127.0.0.1]:${sshd.port}`;
    // known_hosts holds another key for this host (line 2): a re-installed host, or someone in between.
    const otherKey = fs.readFileSync(`${sshd.clientKeyFile}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    const mismatch = await openSshTunnel(spec, agentUrl, { sshDir: sshDir(sshd, `# keys\n${name} ${otherKey}\n`) }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(mismatch).toBeInstanceOf(RefusedError);
    expect((mismatch as Error).message).toBe(
      `SSH host key mismatch for ${name}: the server presented ${sshd.hostKeyFingerprint}, but known_hosts line 2 holds another key. Someone may be intercepting the connection; if the host was really re-installed, remove the old key (ssh-keygen -R '${name}') and add the new one`,
    );

    const unknown = await openSshTunnel(spec, agentUrl, { sshDir: sshDir(sshd, '') }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(unknown).toBeInstanceOf(RefusedError);
    expect((unknown as Error).message).toBe(
      `the SSH host ${name} is not in known_hosts; its key is ${sshd.hostKeyFingerprint}. Check it, then add it: ssh-keyscan -p ${sshd.port} 127.0.0.1 >> ~/.ssh/known_hosts`,
    );
  }, 30_000);
});
