import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskSecrets } from '../../src/core/auth/secret-masking';
import { freePort } from '../helpers/free-port';
import type { PluginView } from '../../src/shared/types/plugins';
import { engineWithPackedPlugin, PLUGINS_DIR, type PackedPluginEngine } from '../helpers/packed-plugin-engine';
import { startPostgres, type RunningPostgres } from '../helpers/postgres-server';
import { startSilentServer, type SilentServer } from '../helpers/silent-server';
import { waitFor } from '../helpers/wait-for';

/**
 * The postgresql probe plugin (plugins/postgresql), packed and installed as an operator would,
 * run by the real engine in its own process against a real PostgreSQL 15 on 127.0.0.1.
 */
const context = { actor: 'test', transport: 'internal' } as const;

let pg: RunningPostgres;
let running: PackedPluginEngine;
let stalled: SilentServer;

beforeAll(async () => {
  stalled = await startSilentServer();
  // The server and the plugin's packing are independent: started side by side to keep start-up short,
  // and both settled before a failure is thrown, so afterAll stops whichever did start.
  const started = await Promise.allSettled([
    startPostgres().then((server) => (pg = server)),
    engineWithPackedPlugin('postgresql', { PG_PASSWORD: 'S3cret-pg-pass' }).then((engine) => (running = engine)),
  ]);
  for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([running?.stop(), pg?.stop(), stalled?.close()]);
});

function probe(service: string, options: string, timeout = '2s'): string {
  return `  ${service}:\n    probes:\n      - postgresql: { ${options} }\n        every: 2s\n        timeout: ${timeout}\n        retries: 0\n`;
}

const statusOf = (id: string): { status: string; reason: string | null } | undefined => running.engine.monitoring.get(id);

describe('the postgresql probe plugin against a real PostgreSQL', () => {
  it('is installed with its manifest: the probe kind, network capability, engines range', () => {
    expect(running.plugin).toMatchObject({
      id: 'postgresql',
      packageName: 'zervigo-plugin-postgresql',
      contributes: { probes: ['postgresql'] },
      capabilities: { network: ['*'] },
      enabled: true,
      trusted: true,
    });
  });

  it('reports healthy, refused, wrong password, missing database, failing query, wrong value and a silent server, each in words', async () => {
    const down = await freePort();
    const at = `host: 127.0.0.1, port: ${pg.port}, user: ${pg.user}, database: ${pg.database}`;
    fs.writeFileSync(
      running.file,
      `version: 1\nmachine: false\nservices:\n` +
        probe('db', `${at}, password: "\${PG_PASSWORD}", expect_value: 1, stats: true`) +
        probe('wrongpass', `host: 127.0.0.1, port: ${pg.port}, user: ${pg.user}, database: ${pg.database}, password: not-the-password`) +
        probe('nodb', `host: 127.0.0.1, port: ${pg.port}, user: ${pg.user}, database: missing_db, password: "\${PG_PASSWORD}"`) +
        probe('refused', `host: 127.0.0.1, port: ${down}, user: ${pg.user}, password: "\${PG_PASSWORD}"`) +
        probe('badquery', `${at}, password: "\${PG_PASSWORD}", query: "SELECT * FROM no_such_table"`) +
        probe('wrongvalue', `${at}, password: "\${PG_PASSWORD}", query: "SELECT 'degraded'", expect_value: ok`) +
        probe('silent', `host: 127.0.0.1, port: ${stalled.port}, user: ${pg.user}, password: "\${PG_PASSWORD}"`, '1s'),
    );
    running.engine.workspace.reloadFromFile();
    expect(running.engine.workspace.view().error?.issues ?? null).toBeNull();

    await waitFor(() => statusOf('db/postgresql#0')?.status === 'up', { what: 'the healthy probe up', timeoutMs: 20_000 });
    expect(running.engine.monitoring.get('db/postgresql#0')).toMatchObject({ kind: 'postgresql', target: '127.0.0.1', reason: null });
    const exposition = await waitFor(
      async () => {
        const text = (await running.engine.dispatch('metrics.exposition', undefined, context)) as string;
        return /probe_postgresql_connections\{[^}]*service="db"/.test(text) && text;
      },
      { what: 'the plugin series in the exposition' },
    );
    expect(exposition).toMatch(/probe_success\{[^}]*probe="postgresql#0"[^}]*service="db"[^}]*\} 1/);
    expect(exposition).toMatch(/probe_duration_seconds\{[^}]*probe="postgresql#0"[^}]*service="db"/);
    expect(exposition).toMatch(/probe_postgresql_connect_seconds\{[^}]*service="db"/);
    expect(exposition).toMatch(/probe_postgresql_query_seconds\{[^}]*service="db"/);
    expect(exposition).toMatch(/probe_postgresql_value\{[^}]*service="db"[^}]*\} 1/);
    expect(exposition).toMatch(/probe_postgresql_max_connections\{[^}]*service="db"[^}]*\} 30/);
    expect(exposition).toMatch(/probe_postgresql_in_recovery\{[^}]*service="db"[^}]*\} 0/);
    // A primary has no replication lag to report.
    expect(exposition).not.toMatch(/probe_postgresql_replication_lag_seconds/);
    const connections = Number(/probe_postgresql_connections\{[^}]*service="db"[^}]*\} (\d+)/.exec(exposition)?.[1]);
    expect(connections).toBeGreaterThanOrEqual(1);

    const reasons: Record<string, RegExp | string> = {
      'wrongpass/postgresql#0': `password authentication failed for user "app" on 127.0.0.1:${pg.port}`,
      'nodb/postgresql#0': `database "missing_db" does not exist on 127.0.0.1:${pg.port}`,
      'refused/postgresql#0': `connection refused by 127.0.0.1:${down} (is PostgreSQL running and listening there?)`,
      'badquery/postgresql#0': 'the query failed: relation "no_such_table" does not exist (SQLSTATE 42P01)',
      'wrongvalue/postgresql#0': 'the query returned "degraded", expected "ok"',
      'silent/postgresql#0': `no answer from 127.0.0.1:${stalled.port} within 800 ms (timeout while connecting)`,
    };
    for (const [id, reason] of Object.entries(reasons)) {
      await waitFor(() => statusOf(id)?.status === 'down' && statusOf(id)?.reason !== null, { what: `${id} down`, timeoutMs: 20_000 });
      // A check that first waited for the plugin to (re)start gives it what is left of the timeout
      // ("within 628 ms" on a busy machine); the next check has the plugin's whole 80 % of it.
      if (id === 'silent/postgresql#0') {
        expect(statusOf(id)?.reason, id).toMatch(new RegExp(`^no answer from 127\\.0\\.0\\.1:${stalled.port} within \\d+ ms \\(timeout while connecting\\)$`));
        await waitFor(() => statusOf(id)?.reason === reason, { what: `${id}: ${reason}`, timeoutMs: 20_000 });
      }
      expect(statusOf(id)?.reason, id).toBe(reason);
    }
    // The silent server saw the probe connect, and each timed-out check closed its connection instead of leaving it open.
    expect(stalled.accepted()).toBeGreaterThan(0);
    await waitFor(() => stalled.openConnections() === 0, { what: 'the timed-out connections closed', timeoutMs: 10_000 });
    // The healthy probe stayed up beside them all.
    expect(statusOf('db/postgresql#0')?.status).toBe('up');

    // The password never shows: not in what the engine logged, not in views once masked.
    await running.engine.dispatch('plugins.list', undefined, context);
    expect(running.logs()).not.toContain('S3cret-pg-pass');
    expect(running.logs()).not.toContain('not-the-password');
    expect(JSON.stringify(maskSecrets(running.engine.workspace.current()))).not.toContain('S3cret-pg-pass');
  }, 60_000);

  it('reports a streaming replica as in recovery, with its replication lag', async () => {
    const replicaPort = await pg.startReplica();
    fs.writeFileSync(
      running.file,
      `version: 1\nmachine: false\nservices:\n` +
        probe('replica', `host: 127.0.0.1, port: ${replicaPort}, user: ${pg.user}, database: ${pg.database}, password: "\${PG_PASSWORD}", stats: true`),
    );
    running.engine.workspace.reloadFromFile();
    expect(running.engine.workspace.view().error?.issues ?? null).toBeNull();
    await waitFor(() => statusOf('replica/postgresql#0')?.status === 'up', { what: 'the replica probe up', timeoutMs: 20_000 });
    const exposition = await waitFor(
      async () => {
        const text = (await running.engine.dispatch('metrics.exposition', undefined, context)) as string;
        return /probe_postgresql_replication_lag_seconds\{[^}]*service="replica"/.test(text) && text;
      },
      { what: 'the replica lag series' },
    );
    expect(exposition).toMatch(/probe_postgresql_in_recovery\{[^}]*service="replica"[^}]*\} 1/);
    const lag = Number(/probe_postgresql_replication_lag_seconds\{[^}]*service="replica"[^}]*\} (\S+)/.exec(exposition)?.[1]);
    expect(lag).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it("checks options against the plugin's schema at workspace load, at file:line:col naming the plugin", () => {
    const yaml = `version: 1\nmachine: false\nservices:\n  db:\n    probes:\n      - postgresql: { host: 127.0.0.1, port: "x", user: app, stats: maybe, colour: red }\n`;
    const issues = running.engine.workspace.validate(yaml).map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
    expect(issues).toEqual([
      '6:21 services.db.probes[0].postgresql: plugin postgresql: must NOT have additional properties ("colour")',
      '6:46 services.db.probes[0].postgresql.port: plugin postgresql: must be integer',
      '6:69 services.db.probes[0].postgresql.stats: plugin postgresql: must be boolean',
    ]);
    expect(running.engine.workspace.validate(yaml.replace(/\{ .* \}/, '{ host: 127.0.0.1 }')).map((issue) => issue.message)).toEqual([
      "plugin postgresql: must have required property 'user'",
    ]);
  });
});

describe('the postgresql plugin installed unpacked (straight from plugins/, without its driver)', () => {
  it('fails to load saying how to install it packed', async () => {
    // Last in this file: it replaces the packed copy installed above.
    await running.engine.dispatch('plugins.install', { source: path.join(PLUGINS_DIR, 'postgresql'), accept: true }, context);
    const view = await waitFor(
      async () =>
        ((await running.engine.dispatch('plugins.list', undefined, context)) as PluginView[]).find(
          (plugin) => plugin.id === 'postgresql' && plugin.state === 'down',
        ),
      { what: 'the unpacked plugin down', timeoutMs: 20_000 },
    );
    expect(view.reason).toMatch(
      /^failed to load: pg is not inside the plugin: install the packed plugin \(node scripts\/pack-plugin\.js plugins\/postgresql, then zervigo plugins install out\/plugins\/zervigo-plugin-postgresql-1\.1\.0\.tgz\)/,
    );
  });
});
