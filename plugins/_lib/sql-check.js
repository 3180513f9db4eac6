'use strict';
/**
 * Not a plugin: the check the SQL probe plugins (postgresql, mysql) share, bundled into each by
 * scripts/pack-plugin.js. Connect, run the health query, read extra figures, compare the first
 * value; all within the check's own deadline, each step named when it fails, the connection
 * always closed (outright when the server stopped answering, so nothing is left hanging).
 */

/** Part of the engine's timeout a check may use, so a stalled server is reported in words before the engine gives up on the call. */
const OWN_SHARE_OF_TIMEOUT = 0.8;

function formatSpan(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/** `text` with every occurrence of the secret masked: what a driver or server says may quote anything. */
function hide(text, secret) {
  return typeof secret === 'string' && secret !== '' ? text.split(secret).join('••••••') : text;
}

function numeric(text) {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

/** Equal as text, or as numbers when both read as one (a DECIMAL 1.50 is 1.5). */
function sameValue(actual, expected) {
  return actual === expected || (numeric(actual) && numeric(expected) && Number(actual) === Number(expected));
}

/** "host:port", bracketed for IPv6, as reasons name a server. */
function targetOf(options) {
  return `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
}

const { tlsReason } = require('./tls-options');

/** The reason for a network or TLS failure Node reports by code, or null for anything else. */
function networkReason(error, options, server) {
  const tls = tlsReason(error, targetOf(options));
  if (tls !== null) return tls;
  switch (error && error.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${targetOf(options)} (is ${server} running and listening there?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found: ${options.host}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${options.host} is unreachable`;
    default:
      return null;
  }
}

/**
 * Runs one check. `driver` is one fresh connection: connect(), query(sql) resolving with the
 * first value as text (null for no rows), end() (polite) and destroy() (at once); `extras(run)`
 * reads more figures, calling `run(step, promise)` for each step; `describe(error, step, message)` words a
 * failure the network codes do not cover, given the driver's message with the password masked.
 * `prefix` names the samples (probe_<prefix>_connect_seconds, ...); `server` the product, in reasons;
 * `booleanText` how its client prints false and true.
 */
async function runSqlCheck({ prefix, server, options, timeoutMs, driver, extras, describe, booleanText }) {
  const target = targetOf(options);
  const budgetMs = Math.max(1, Math.floor(timeoutMs * OWN_SHARE_OF_TIMEOUT));
  let step = 'connecting';
  let timedOut = false;
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      const within = formatSpan(budgetMs);
      reject(
        new Error(
          step === 'connecting' ? `no answer from ${target} within ${within} (timeout while connecting)` : `no answer within ${within} (timeout while ${step})`,
        ),
      );
    }, budgetMs);
  });
  /** The step's promise or the deadline; the step's own later failure (once the socket is closed) is expected and dropped. */
  const run = (name, promise) => {
    step = name;
    promise.catch(() => undefined);
    return Promise.race([promise, deadline]);
  };
  const samples = [];
  const started = performance.now();
  try {
    await run('connecting', driver.connect());
    const connectedAt = performance.now();
    samples.push({ name: `probe_${prefix}_connect_seconds`, value: (connectedAt - started) / 1000 });
    const value = await run('querying', driver.query(options.query ?? 'SELECT 1'));
    samples.push({ name: `probe_${prefix}_query_seconds`, value: (performance.now() - connectedAt) / 1000 });
    if (value !== null && numeric(value)) samples.push({ name: `probe_${prefix}_value`, value: Number(value) });
    samples.push(...(await extras(run)));
    if (options.expect_value !== undefined) {
      const expected = typeof options.expect_value === 'boolean' ? booleanText[options.expect_value ? 1 : 0] : String(options.expect_value);
      if (value === null) return { ok: false, reason: `the query returned no rows; expected ${JSON.stringify(expected)}`, samples };
      if (!sameValue(value, expected))
        return { ok: false, reason: `the query returned ${JSON.stringify(value.slice(0, 200))}, expected ${JSON.stringify(expected)}`, samples };
    }
    return { ok: true, samples };
  } catch (error) {
    if (timedOut) return { ok: false, reason: error.message, samples };
    const reason = networkReason(error, options, server) ?? describe(error, step, hide(String((error && error.message) || error), options.password));
    return { ok: false, reason, samples };
  } finally {
    // A server that stopped answering would keep a polite end() waiting: its socket is closed outright.
    if (!timedOut && step !== 'connecting') await run('closing', driver.end()).catch(() => undefined);
    clearTimeout(timer);
    driver.destroy();
  }
}

/** The first value of a row as text, the way the database's own client prints it. */
function asText(value, booleanText) {
  if (value === null) return 'NULL';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return booleanText[value ? 1 : 0];
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

module.exports = { runSqlCheck, targetOf, asText };
