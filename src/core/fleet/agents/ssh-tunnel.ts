import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse as parseSshConfig } from 'ssh-config';
import { Client, type ConnectConfig } from 'ssh2';
import type { Duplex } from 'node:stream';
import { RefusedError } from './agent-client';
import type { AgentTransport } from './agent-connection';
import { fingerprint, keysFor, knownHostsName } from './known-hosts';

/** Where ~/.ssh is (config, known_hosts, keys). */
export interface SshOptions {
  sshDir?: string;
}

interface ResolvedHost {
  alias: string;
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
  proxyJump: string | null;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * An SSH tunnel to an agent the way `ssh -L` would make it from the operator's ~/.ssh/config:
 * Host, HostName, User, Port, IdentityFile and ProxyJump (through bastions, each checked), the
 * host key checked against known_hosts — a host not in it, or a key that does not match, is
 * refused with what to do, never accepted. The local end listens on 127.0.0.1 only.
 */
export async function openSshTunnel(sshHost: string, agentUrl: string, options: SshOptions = {}): Promise<AgentTransport> {
  const sshDir = options.sshDir ?? path.join(os.homedir(), '.ssh');
  const config = readConfig(sshDir);
  const target = new URL(agentUrl);
  const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const targetHost = target.hostname.replace(/^\[|\]$/g, '');
  const clients: Client[] = [];
  const close = async (): Promise<void> => {
    for (const client of clients.reverse()) client.end();
  };
  let client: Client;
  try {
    client = await connectChain(sshHost, config, sshDir, clients, 0);
  } catch (error) {
    await close();
    throw error;
  }
  const server = net.createServer((socket) => {
    client.forwardOut('127.0.0.1', socket.localPort ?? 0, targetHost, targetPort, (error, stream) => {
      if (error) {
        socket.destroy();
        return;
      }
      socket.pipe(stream).pipe(socket);
      socket.on('error', () => stream.destroy());
      stream.on('error', () => socket.destroy());
    });
  });
  // A dropped SSH connection ends the tunnel: the agent's connection notices and opens a new one.
  client.on('close', () => server.close());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    baseUrl: `${target.protocol}//127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await close();
    },
  };
}

function readConfig(sshDir: string): ReturnType<typeof parseSshConfig> {
  try {
    return parseSshConfig(fs.readFileSync(path.join(sshDir, 'config'), 'utf8'));
  } catch {
    return parseSshConfig('');
  }
}

/** user@host:port, or a Host of the config, resolved as ssh(1) would. */
function resolveHost(spec: string, config: ReturnType<typeof parseSshConfig>, sshDir: string): ResolvedHost {
  const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec);
  const alias = match?.[2]?.replace(/^\[|\]$/g, '') ?? spec;
  const computed = config.compute(alias) as Record<string, string | string[] | undefined>;
  const first = (key: string): string | undefined => {
    const value = computed[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const identity = computed.IdentityFile;
  const identityFiles = (Array.isArray(identity) ? identity : identity === undefined ? [] : [identity]).map((file) => expandHome(file));
  if (identityFiles.length === 0) for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) identityFiles.push(path.join(sshDir, name));
  const proxyJump = first('ProxyJump');
  return {
    alias,
    host: first('HostName') ?? alias,
    port: Number(match?.[3] ?? first('Port') ?? 22),
    user: match?.[1] ?? first('User') ?? os.userInfo().username,
    identityFiles,
    proxyJump: proxyJump === undefined || proxyJump === 'none' ? null : proxyJump,
  };
}

function expandHome(file: string): string {
  return file.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : file;
}

/**
 * Connects as ssh(1) does: `ProxyJump a,b` reaches a (through a's own ProxyJump, if any), then b
 * through a, then the host through b. Depth-limited, so a loop in the config is an error.
 */
async function connectChain(spec: string, config: ReturnType<typeof parseSshConfig>, sshDir: string, clients: Client[], depth: number): Promise<Client> {
  if (depth > 8) throw new RefusedError(`the ProxyJump chain to ${spec} is longer than 8 hops (a loop in ~/.ssh/config?)`);
  const host = resolveHost(spec, config, sshDir);
  let via: Client | null = null;
  if (host.proxyJump !== null) {
    const [first, ...rest] = host.proxyJump.split(',').map((hop) => hop.trim());
    via = await connectChain(first as string, config, sshDir, clients, depth + 1);
    for (const hop of rest) via = await connectOne(resolveHost(hop, config, sshDir), await forward(via, resolveHost(hop, config, sshDir)), sshDir, clients);
  }
  return connectOne(host, via === null ? undefined : await forward(via, host), sshDir, clients);
}

function forward(via: Client, to: ResolvedHost): Promise<Duplex> {
  return new Promise((resolve, reject) =>
    via.forwardOut('127.0.0.1', 0, to.host, to.port, (error, stream) =>
      error ? reject(new Error(`the jump host could not reach ${to.host}:${to.port}: ${error.message}`)) : resolve(stream),
    ),
  );
}

async function connectOne(host: ResolvedHost, sock: Duplex | undefined, sshDir: string, clients: Client[]): Promise<Client> {
  const privateKey = host.identityFiles.map((file) => readKey(file)).find((key) => key !== null) ?? null;
  if (privateKey === null)
    throw new RefusedError(`no SSH key for ${host.alias}: none of ${host.identityFiles.join(', ')} can be read (IdentityFile in ~/.ssh/config)`);
  const knownHosts = readKnownHosts(sshDir);
  let refusal: string | null = null;
  const client = new Client();
  clients.push(client);
  const connectConfig: ConnectConfig = {
    host: host.host,
    port: host.port,
    username: host.user,
    privateKey,
    sock,
    readyTimeout: CONNECT_TIMEOUT_MS,
    keepaliveInterval: 10_000,
    keepaliveCountMax: 2,
    hostVerifier: (key: Buffer) => {
      refusal = checkHostKey(key, knownHosts, host);
      return refusal === null;
    },
  };
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', (error: Error & { level?: string }) => {
      if (refusal !== null) reject(new RefusedError(refusal));
      else if (error.level === 'client-authentication')
        reject(
          new RefusedError(
            `${host.user}@${host.host}:${host.port} refused the key (${host.identityFiles.join(', ')}): is it in that account's authorized_keys?`,
          ),
        );
      else reject(new Error(`SSH to ${host.alias} (${host.host}:${host.port}): ${error.message}`));
    });
    client.connect(connectConfig);
  });
  return client;
}

function readKey(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

function readKnownHosts(sshDir: string): string {
  try {
    return fs.readFileSync(path.join(sshDir, 'known_hosts'), 'utf8');
  } catch {
    return '';
  }
}

/** Null when the presented key is known for the host; otherwise the refusal, in words. */
function checkHostKey(key: Buffer, knownHosts: string, host: ResolvedHost): string | null {
  const name = knownHostsName(host.host, host.port);
  const known = keysFor(knownHosts, host.host, host.port);
  const presented = key.toString('base64');
  if (known.some((entry) => entry.key === presented)) return null;
  const print = fingerprint(key);
  if (known.length === 0)
    return `the SSH host ${name} is not in known_hosts; its key is ${print}. Check it, then add it: ssh-keyscan -p ${host.port} ${host.host} >> ~/.ssh/known_hosts`;
  return `SSH host key mismatch for ${name}: the server presented ${print}, but known_hosts line ${known.map((entry) => entry.line).join(', ')} holds another key. Someone may be intercepting the connection; if the host was really re-installed, remove the old key (ssh-keygen -R '${name}') and add the new one`;
}
