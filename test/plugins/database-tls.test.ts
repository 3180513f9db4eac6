import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopProcess } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { startMariaDb, type RunningMariaDb } from '../helpers/mariadb-server';
import { engineWithPackedPlugin, PLUGINS_DIR, type PackedPluginEngine } from '../helpers/packed-plugin-engine';
import { startPostgres, type RunningPostgres } from '../helpers/postgres-server';
import { spawnRedisServer } from '../helpers/redis-server';
import { serviceAccount } from '../helpers/service-account';
import { tempDir } from '../helpers/temp-dir';
import { testCertificateAuthority, type TestAuthority } from '../helpers/tls-certs';
import { waitFor } from '../helpers/wait-for';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the repo's CommonJS script, as `node scripts/pack-plugin.js` runs it
const { packPlugin } = require('../../scripts/pack-plugin.js') as { packPlugin: (dir: string, out: string) => Promise<{ tarball: string }> };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the plugins' shared CommonJS helper
const { TLS_SCHEMA } = require('../../plugins/_lib/tls-options.js') as { TLS_SCHEMA: unknown };

/**
 * The database probe plugins (postgresql, mysql, redis) over TLS with `tls: { ca, cert, key,
 * insecure }`, installed as an operator would and run by the real engine, against real servers on
 * 127.0.0.1 whose certificates come from a CA made in this test; each server requires a client
 * certificate signed by it. The engine reads the PEM files (a plugin's process may not).
 */
const context = { actor: 'test', transport: 'internal' } as const;
const PG_PASSWORD = 'S3cret-pg-pass';
const MY_PASSWORD = 'S3cret-my-pass';
const REDIS_PASSWORD = 'S3cret-redis-pass';

let authority: TestAuthority;
let pg: RunningPostgres;
let my: RunningMariaDb;
const redisChildren: ChildProcess[] = [];
let redisPort: number;
let running: PackedPluginEngine;

/** Copies the server's certificate, key and the CA into a folder the database's own user owns (a server refuses a key others can read); the folder must be reachable by that user. */
function serverFiles(accountNames: string[]): { ca: string; cert: string; key: string } {
  const dir = path.join(authority.dir, `server-${accountNames[0]}`);
  fs.mkdirSync(dir);
  fs.chmodSync(authority.dir, 0o711); // the server's user passes through to its own folder, and reads nothing else
  const files = { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server-key.pem') };
  fs.copyFileSync(authority.ca, files.ca);
  fs.copyFileSync(authority.serverCert, files.cert);
  fs.copyFileSync(authority.serverKey, files.key);
  fs.chmodSync(files.key, 0o600);
  const account = serviceAccount(accountNames);
  if (account !== null) for (const entry of [dir, ...Object.values(files)]) fs.chownSync(entry, account.uid, account.gid);
  return files;
}

async function startRedisTls(): Promise<void> {
  redisPort = await freePort();
  const files = serverFiles(['redis']);
  await spawnRedisServer(
    [
      '--port',
      '0',
      '--tls-port',
      String(redisPort),
      '--tls-cert-file',
      files.cert,
      '--tls-key-file',
      files.key,
      '--tls-ca-cert-file',
      files.ca,
      '--tls-auth-clients',
      'yes',
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      path.dirname(files.ca),
      '--requirepass',
      REDIS_PASSWORD,
    ],
    redisChildren,
  );
}

/** PostgreSQL with ssl on, and app allowed only over TLS with a client certificate its CA signed (clientcert=verify-ca). */
async function requireTls(server: RunningPostgres): Promise<void> {
  const files = serverFiles(['postgres']);
  await server.sql(`ALTER SYSTEM SET ssl_cert_file = '${files.cert}'`);
  await server.sql(`ALTER SYSTEM SET ssl_key_file = '${files.key}'`);
  await server.sql(`ALTER SYSTEM SET ssl_ca_file = '${files.ca}'`);
  await server.sql('ALTER SYSTEM SET ssl = on');
  const hba = await server.sql('SHOW hba_file');
  const rules = `hostssl all ${server.user} 127.0.0.1/32 scram-sha-256 clientcert=verify-ca\nhostnossl all ${server.user} 127.0.0.1/32 reject\n`;
  fs.writeFileSync(hba, rules + fs.readFileSync(hba, 'utf8'));
  await server.sql('SELECT pg_reload_conf()');
  await waitFor(async () => (await server.sql('SHOW ssl')) === 'on', { what: 'PostgreSQL to turn ssl on', timeoutMs: 10_000 });
}

beforeAll(async () => {
  authority = testCertificateAuthority();
  const mysqlFiles = serverFiles(['mysql']);
  const started = await Promise.allSettled([
    startPostgres({ password: PG_PASSWORD }).then(async (server) => {
      pg = server;
      await requireTls(server);
    }),
    startMariaDb({
      password: MY_PASSWORD,
      serverArgs: [`--ssl-ca=${mysqlFiles.ca}`, `--ssl-cert=${mysqlFiles.cert}`, `--ssl-key=${mysqlFiles.key}`],
    }).then(async (server) => {
      my = server;
      await server.sql(`ALTER USER '${server.user}'@'%' REQUIRE X509`);
    }),
    startRedisTls(),
    engineWithPackedPlugin('postgresql', { PG_PASSWORD, MY_PASSWORD, REDIS_PASSWORD }).then(async (engine) => {
      running = engine;
      const { tarball } = await packPlugin(path.join(PLUGINS_DIR, 'mysql'), tempDir('zervigo-packed-'));
      await engine.engine.dispatch('plugins.install', { source: tarball, accept: true }, context);
      await engine.engine.dispatch('plugins.install', { source: path.join(PLUGINS_DIR, 'redis'), accept: true }, context);
    }),
  ]);
  for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
}, 90_000);

afterAll(async () => {
  await Promise.allSettled([running?.stop(), pg?.stop(), my?.stop(), ...redisChildren.map((child) => stopProcess(child))]);
  if (authority !== undefined) fs.rmSync(authority.dir, { recursive: true, force: true });
});

function probe(service: string, kind: string, options: string): string {
  return `  ${service}:\n    probes:\n      - ${kind}: { ${options} }\n        every: 2s\n        timeout: 2s\n        retries: 0\n`;
}

const statusOf = (id: string): { status: string; reason: string | null } | undefined => running.engine.monitoring.get(id);

async function until(id: string, status: 'up' | 'down', reason?: string | RegExp): Promise<void> {
  const matches = (): boolean => {
    const state = statusOf(id);
    if (state?.status !== status) return false;
    return reason === undefined || (typeof reason === 'string' ? state.reason === reason : reason.test(state.reason ?? ''));
  };
  await waitFor(matches, { what: `${id} ${status} ${String(reason ?? '')} (it is ${JSON.stringify(statusOf(id))})`, timeoutMs: 20_000 });
}

describe('TLS to the database probe plugins: ca, cert, key and insecure', () => {
  it('declares one tls option schema and its PEM files in each manifest', () => {
    for (const id of ['postgresql', 'mysql', 'redis']) {
      const kind = (
        JSON.parse(fs.readFileSync(path.join(PLUGINS_DIR, id, 'package.json'), 'utf8')) as {
          zervigo: { contributes: { probes: Record<string, { options: { properties: { tls: Record<string, unknown> } }; files: unknown }> } };
        }
      ).zervigo.contributes.probes[id]!;
      const { description: _description, ...schema } = kind.options.properties.tls;
      expect(schema, id).toEqual(TLS_SCHEMA);
      expect(kind.files, id).toEqual({ 'tls.ca': 'pem', 'tls.cert': 'pem', 'tls.key': 'pem' });
    }
  });

  it('connects with the CA and a client certificate, and says why not without them', async () => {
    // The CA beside the workspace file, named relatively: read from the workspace's folder.
    fs.copyFileSync(authority.ca, path.join(path.dirname(running.file), 'ca.pem'));
    const client = `cert: ${authority.clientCert}, key: ${authority.clientKey}`;
    const pgAt = `host: 127.0.0.1, port: ${pg.port}, user: ${pg.user}, database: ${pg.database}, password: "\${PG_PASSWORD}"`;
    const myAt = `host: 127.0.0.1, port: ${my.port}, user: ${my.user}, database: ${my.database}, password: "\${MY_PASSWORD}"`;
    const redisAt = `address: "127.0.0.1:${redisPort}", password: "\${REDIS_PASSWORD}"`;
    fs.writeFileSync(
      running.file,
      `version: 1\nmachine: false\nplugins: [postgresql, mysql, redis]\nservices:\n` +
        probe('pg', 'postgresql', `${pgAt}, tls: { ca: ca.pem, ${client} }`) +
        probe('pgplain', 'postgresql', pgAt) +
        probe('pgnocert', 'postgresql', `${pgAt}, tls: { ca: ca.pem }`) +
        probe('pgsystemca', 'postgresql', `${pgAt}, tls: true`) +
        probe('pginsecure', 'postgresql', `${pgAt}, tls: { insecure: true, ${client} }`) +
        probe('my', 'mysql', `${myAt}, tls: { ca: ${authority.ca}, ${client} }`) +
        probe('mysystemca', 'mysql', `${myAt}, tls: true`) +
        probe('redis', 'redis', `${redisAt}, tls: { ca: ca.pem, ${client} }`) +
        probe('redisnocert', 'redis', `${redisAt}, tls: { ca: ca.pem }`) +
        probe('redissystemca', 'redis', `${redisAt}, tls: { ${client} }`),
    );
    running.engine.workspace.reloadFromFile();
    expect(running.engine.workspace.view().error?.issues ?? null).toBeNull();

    await until('pg/postgresql#0', 'up');
    await until('pginsecure/postgresql#0', 'up');
    await until('my/mysql#0', 'up');
    await until('redis/redis#0', 'up');
    const target = (port: number): string => `127.0.0.1:${port}`;
    await until(
      'pgplain/postgresql#0',
      'down',
      /^127\.0\.0\.1:\d+ accepts only TLS connections from here: set tls \(pg_hba\.conf rejects connection .*no encryption\)$/,
    );
    await until(
      'pgnocert/postgresql#0',
      'down',
      `${target(pg.port)} asks for a client certificate: set tls.cert and tls.key (connection requires a valid client certificate)`,
    );
    await until(
      'pgsystemca/postgresql#0',
      'down',
      `the TLS certificate of ${target(pg.port)} is signed by a CA this probe does not trust (set tls.ca to that CA's certificate)`,
    );
    await until(
      'mysystemca/mysql#0',
      'down',
      `the TLS certificate of ${target(my.port)} is signed by a CA this probe does not trust (set tls.ca to that CA's certificate)`,
    );
    await until('redisnocert/redis#0', 'down', `${target(redisPort)} asks for a client certificate: set tls.cert and tls.key`);
    await until(
      'redissystemca/redis#0',
      'down',
      `the TLS certificate of ${target(redisPort)} is signed by a CA this probe does not trust (set tls.ca to that CA's certificate)`,
    );
    // The private key went to the plugin's process over IPC only: it is in no log.
    expect(running.logs()).not.toContain(fs.readFileSync(authority.clientKey, 'utf8').split('\n')[1]);
  }, 90_000);

  it('reports a tls file that is missing, not PEM, or a cert without its key at file:line:col, naming the plugin', () => {
    const notPem = path.join(authority.dir, 'notes.txt');
    fs.writeFileSync(notPem, 'not a certificate\n');
    const text =
      `version: 1\nmachine: false\nservices:\n` +
      probe('a', 'postgresql', `user: app, tls: { ca: /nonexistent/ca.pem }`) +
      probe('b', 'mysql', `user: app, tls: { ca: ${notPem} }`) +
      probe('c', 'redis', `address: "127.0.0.1:6379", tls: { cert: ${authority.clientCert} }`);
    expect(running.engine.workspace.validate(text).map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`)).toEqual([
      '6:45 services.a.probes[0].postgresql.tls.ca: plugin postgresql: /nonexistent/ca.pem does not exist',
      `12:40 services.b.probes[0].mysql.tls.ca: plugin mysql: ${notPem} is not a PEM file (it has no "-----BEGIN" line)`,
      '18:50 services.c.probes[0].redis.tls: plugin redis: must have property key when property cert is present',
    ]);
  });
});
