'use strict';
/**
 * A MySQL / MariaDB probe: connects as a user with a password, runs a health query (default
 * `SELECT 1`) and checks its first value when told what to expect; optionally reports threads
 * connected and running, max_connections and, on a replica, how far it is behind its source.
 * Every check is one fresh connection, closed at the end. Runs in a process of its own under
 * Zervigo; uses the `mysql2` driver.
 */
// The driver and the shared check are bundled in by scripts/pack-plugin.js; the folder as it is in the repo does not carry them.
const mysql = requirePacked('mysql2', () => require('mysql2'));
const { asText, runSqlCheck, targetOf } = requirePacked('../_lib/sql-check', () => require('../_lib/sql-check'));
const { tlsOptions } = requirePacked('../_lib/tls-options', () => require('../_lib/tls-options'));

/** How the mysql client prints false and true. */
const BOOLEAN_TEXT = ['0', '1'];

/** What went wrong, in words, for the step it went wrong in; `message` is the server's, the password masked. */
function describe(options, error, step, message) {
  const target = targetOf(options);
  switch (error && error.code) {
    case 'ETIMEDOUT':
      return `no answer from ${target} in time (timeout while ${step})`;
    case 'ECONNRESET':
    case 'PROTOCOL_CONNECTION_LOST':
      return `${target} closed the connection while ${step}`;
    case 'ER_ACCESS_DENIED_ERROR':
      if (options.password === undefined)
        return `access denied for user "${options.user}" on ${target}: the probe has no password (set password, written as \${VAR})`;
      return `access denied for user "${options.user}" on ${target}: wrong password, or the user may not connect from this host`;
    case 'ER_BAD_DB_ERROR':
      return `database "${options.database}" does not exist on ${target}`;
    case 'ER_DBACCESS_DENIED_ERROR':
      return `user "${options.user}" may not use database "${options.database}" on ${target} (or it does not exist)`;
    case 'ER_HOST_NOT_PRIVILEGED':
      return `${target} does not let this host connect: ${message}`;
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return `${target} does not accept TLS connections (have_ssl is off on the server): remove tls, or turn it on there`;
    default:
      break;
  }
  if (step === 'querying') return `the query failed: ${message}${error && error.code ? ` (${error.code})` : ''}`;
  if (step === 'reading the replica status')
    return `reading the replica status failed: ${message} (grant the user REPLICA MONITOR on MariaDB or REPLICATION CLIENT on MySQL, or turn replication off)`;
  return `${message} (while ${step})`;
}

/** Whether the server replicates from a source, and its lag in seconds (null while the SQL thread is stopped: then it is unknown). */
async function replicaStatus(client) {
  let rows;
  try {
    [rows] = await client.query('SHOW REPLICA STATUS');
  } catch (error) {
    // MySQL before 8.0.22 and MariaDB before 10.5 know only the older name.
    if (error.code !== 'ER_PARSE_ERROR') throw error;
    [rows] = await client.query('SHOW SLAVE STATUS');
  }
  const status = rows[0];
  if (status === undefined) return { replica: false, lag: null };
  const lag = status.Seconds_Behind_Source ?? status.Seconds_Behind_Master ?? null;
  return { replica: true, lag: lag === null ? null : Number(lag) };
}

async function extras(options, client, run) {
  const samples = [];
  if (options.stats === true) {
    const [status] = await run('reading the server status', client.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', 'Threads_running')"));
    const named = Object.fromEntries(status.map((row) => [String(row.Variable_name).toLowerCase(), Number(row.Value)]));
    const [[limits]] = await run('reading the server status', client.query('SELECT @@max_connections AS max_connections'));
    samples.push(
      { name: 'probe_mysql_threads_connected', value: named.threads_connected },
      { name: 'probe_mysql_threads_running', value: named.threads_running },
      { name: 'probe_mysql_max_connections', value: Number(limits.max_connections) },
    );
  }
  if (options.replication === true) {
    const replication = await run('reading the replica status', replicaStatus(client));
    samples.push({ name: 'probe_mysql_replica', value: replication.replica ? 1 : 0 });
    if (replication.lag !== null) samples.push({ name: 'probe_mysql_replication_lag_seconds', value: replication.lag });
  }
  return samples;
}

function check(options, { timeoutMs }) {
  const connection = mysql.createConnection({
    host: options.host,
    port: options.port,
    user: options.user,
    password: options.password ?? '',
    database: options.database,
    // Only a backstop: the check's own deadline reports a silent server first.
    connectTimeout: timeoutMs,
    // DECIMAL and BIGINT as the text the server sent, so nothing is rounded.
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    // mysql2 upgrades to TLS after the server's greeting; the CA, client certificate and key arrive as PEM text.
    ssl: tlsOptions(options.tls, options.host) ?? undefined,
  });
  // An error after the check has finished (the server going away) must not crash the process.
  connection.on('error', () => undefined);
  const client = connection.promise();
  return runSqlCheck({
    prefix: 'mysql',
    server: 'MySQL/MariaDB',
    options,
    timeoutMs,
    booleanText: BOOLEAN_TEXT,
    driver: {
      connect: () => client.connect(),
      query: async (sql) => {
        const [rows, fields] = await client.query(sql);
        const row = Array.isArray(rows) ? rows[0] : undefined;
        return row === undefined || fields === undefined || fields.length === 0 ? null : asText(row[fields[0].name], BOOLEAN_TEXT);
      },
      end: () => client.end(),
      destroy: () => connection.destroy(),
    },
    extras: (run) => extras(options, client, run),
    describe: (error, step, message) => describe(options, error, step, message),
  });
}

/** `load` is a plain require() (static, so esbuild bundles it); `id` names it in the error. */
function requirePacked(id, load) {
  try {
    return load();
  } catch (error) {
    throw new Error(
      `${id} is not inside the plugin: install the packed plugin (node scripts/pack-plugin.js plugins/mysql, then zervigo plugins install out/plugins/zervigo-plugin-mysql-1.1.0.tgz) (${error.code ?? error.message})`,
      { cause: error },
    );
  }
}

module.exports = {
  probes: {
    mysql: {
      check: (options, context) => check({ host: '127.0.0.1', port: 3306, ...options }, context),
    },
  },
};
