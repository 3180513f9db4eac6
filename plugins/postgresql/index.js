'use strict';
/**
 * A PostgreSQL probe: connects as a user (password auth, SCRAM or MD5), runs a health query
 * (default `SELECT 1`) and checks its first value when told what to expect; optionally reports
 * connections in use and, on a replica, replication lag. Every check is one fresh connection,
 * closed at the end, so the probe sees what a new client of the service would see.
 * Runs in a process of its own under Zervigo; uses the `pg` driver.
 */
// The driver and the shared check are bundled in by scripts/pack-plugin.js; the folder as it is in the repo does not carry them.
const { Client } = requirePacked('pg', () => require('pg'));
const { asText, runSqlCheck, targetOf } = requirePacked('../_lib/sql-check', () => require('../_lib/sql-check'));
const { tlsOptions } = requirePacked('../_lib/tls-options', () => require('../_lib/tls-options'));

/** How psql prints false and true. */
const BOOLEAN_TEXT = ['f', 't'];

const STATS_QUERY = `SELECT
  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS connections,
  current_setting('max_connections')::int AS max_connections,
  pg_is_in_recovery() AS in_recovery,
  CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
  END::float8 AS replication_lag_seconds`;

/** What went wrong, in words, for the step it went wrong in; `message` is the server's, the password masked. */
function describe(options, error, step, message) {
  const target = targetOf(options);
  switch (error && error.code) {
    case 'ECONNRESET':
      return `the connection to ${target} was reset by the other side (while ${step})`;
    case '28P01':
      return `password authentication failed for user "${options.user}" on ${target}`;
    case '28000':
      if (/no encryption/.test(message) && (options.tls === undefined || options.tls === false))
        return `${target} accepts only TLS connections from here: set tls (${message})`;
      if (/valid client certificate/.test(message)) return `${target} asks for a client certificate: set tls.cert and tls.key (${message})`;
      return `${target} refused user "${options.user}": ${message} (see its pg_hba.conf)`;
    case '3D000':
      return `database "${options.database ?? options.user}" does not exist on ${target}`;
    case '57014':
      return `the query was cancelled by the server's statement timeout (${message})`;
    default:
      break;
  }
  if (/does not support SSL/.test(message)) return `${target} does not accept TLS connections (ssl is off on the server): remove tls, or turn ssl on there`;
  if (/SASL|client password must be/.test(message) && options.password === undefined)
    return `${target} asks for a password and the probe has none: set password (write it as \${VAR})`;
  if (step === 'querying') return `the query failed: ${message}${error && error.code ? ` (SQLSTATE ${error.code})` : ''}`;
  if (/Connection terminated/.test(message)) return `${target} closed the connection while ${step}`;
  return `${message} (while ${step})`;
}

function check(options, { timeoutMs }) {
  const client = new Client({
    host: options.host,
    port: options.port,
    user: options.user,
    database: options.database ?? options.user,
    // An empty string rather than nothing: pg would otherwise look for ~/.pgpass, outside what the plugin may read.
    password: options.password ?? '',
    application_name: 'zervigo-probe',
    // The server cancels a query that runs past the check's timeout.
    statement_timeout: timeoutMs,
    // pg's ssl option is node:tls's: the CA, client certificate and key arrive as PEM text.
    ssl: tlsOptions(options.tls, options.host) ?? false,
  });
  // An error after the check has finished (the server going away) must not crash the process.
  client.on('error', () => undefined);
  return runSqlCheck({
    prefix: 'postgresql',
    server: 'PostgreSQL',
    options,
    timeoutMs,
    booleanText: BOOLEAN_TEXT,
    driver: {
      connect: () => client.connect(),
      query: async (sql) => {
        const result = await client.query(sql);
        const row = result.rows[0];
        return row === undefined || result.fields.length === 0 ? null : asText(row[result.fields[0].name], BOOLEAN_TEXT);
      },
      end: () => client.end(),
      destroy: () => client.connection.stream.destroy(),
    },
    extras: async (run) => {
      if (options.stats !== true) return [];
      const stats = (await run('reading pg_stat_activity', client.query(STATS_QUERY))).rows[0];
      const samples = [
        { name: 'probe_postgresql_connections', value: stats.connections },
        { name: 'probe_postgresql_max_connections', value: stats.max_connections },
        { name: 'probe_postgresql_in_recovery', value: stats.in_recovery ? 1 : 0 },
      ];
      if (stats.replication_lag_seconds !== null) samples.push({ name: 'probe_postgresql_replication_lag_seconds', value: stats.replication_lag_seconds });
      return samples;
    },
    describe: (error, step, message) => describe(options, error, step, message),
  });
}

/** `load` is a plain require() (static, so esbuild bundles it); `id` names it in the error. */
function requirePacked(id, load) {
  try {
    return load();
  } catch (error) {
    throw new Error(
      `${id} is not inside the plugin: install the packed plugin (node scripts/pack-plugin.js plugins/postgresql, then zervigo plugins install out/plugins/zervigo-plugin-postgresql-1.1.0.tgz) (${error.code ?? error.message})`,
      { cause: error },
    );
  }
}

module.exports = {
  probes: {
    postgresql: {
      check: (options, context) => check({ host: '127.0.0.1', port: 5432, ...options }, context),
    },
  },
};
