'use strict';
/**
 * A DNS probe: asks one server (or the system's resolvers) for a name's records with node:dns'
 * Resolver, once and within the check's timeout, and compares the answers with those expected.
 * Runs in a process of its own under Zervigo.
 */
const { Resolver } = require('node:dns').promises;

/** How each record type is asked for, and how an answer is written for people and for `expect`. */
const TYPES = {
  A: { ask: (resolver, name) => resolver.resolve4(name, { ttl: true }), show: (answer) => answer.address, ttl: (answer) => answer.ttl },
  AAAA: { ask: (resolver, name) => resolver.resolve6(name, { ttl: true }), show: (answer) => answer.address, ttl: (answer) => answer.ttl },
  CNAME: { ask: (resolver, name) => resolver.resolveCname(name), show: (answer) => answer },
  TXT: { ask: (resolver, name) => resolver.resolveTxt(name), show: (chunks) => chunks.join('') },
  MX: { ask: (resolver, name) => resolver.resolveMx(name), show: (answer) => answer.exchange },
  NS: { ask: (resolver, name) => resolver.resolveNs(name), show: (answer) => answer },
};

/** Ends the check a little before the engine's own deadline, so the reason says what was awaited. */
function deadlineOf(timeoutMs) {
  // A tenth (at least 100 ms) is left for the answer to reach the engine over IPC on a busy machine.
  return Math.max(Math.floor(timeoutMs / 2), timeoutMs - Math.max(100, Math.floor(timeoutMs / 10)));
}

function seconds(ms) {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** Names compare without case and without a trailing dot; addresses and TXT as written. */
function normalise(value, type) {
  return type === 'TXT' ? value : value.toLowerCase().replace(/\.$/, '');
}

function describeDnsError(error, { name, type, server, waitedMs }) {
  switch (error.code) {
    case 'ENOTFOUND':
      return `NXDOMAIN: ${name} does not exist (asked ${server})`;
    case 'ENODATA':
      return `${name} has no ${type} record (NODATA from ${server})`;
    case 'ESERVFAIL':
      return `${server} answered SERVFAIL for ${name}`;
    case 'EREFUSED':
      return `${server} REFUSED to answer for ${name}`;
    case 'ETIMEOUT':
    case 'ECANCELLED':
      return `no answer from ${server} within ${seconds(waitedMs)} (timeout)`;
    case 'ECONNREFUSED':
      return `connection refused by ${server} (is a DNS server listening?)`;
    case 'EBADRESP':
    case 'EFORMERR':
      return `the answer from ${server} is not valid DNS (${error.code})`;
    case 'ENOTIMP':
      return `${server} does not implement ${type} queries (NOTIMP)`;
    case 'EBADNAME':
      return `"${name}" is not a valid DNS name`;
    default:
      return `${type} ${name} at ${server}: ${error.message}`;
  }
}

async function check(options, { signal, timeoutMs }) {
  const type = options.type ?? 'A';
  const name = options.name;
  const server = options.server ?? 'the system resolvers';
  const waitedMs = deadlineOf(timeoutMs);
  // One try within the deadline: a retry after a timeout would outlive the check.
  const resolver = new Resolver({ timeout: waitedMs, tries: 1 });
  if (options.server !== undefined) {
    try {
      resolver.setServers([options.server]);
    } catch (error) {
      return { ok: false, reason: `the server "${options.server}" is not an IP address with an optional port (${error.message})` };
    }
  }
  const cancel = () => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  const timer = setTimeout(cancel, waitedMs);
  let answers;
  try {
    answers = await TYPES[type].ask(resolver, name);
  } catch (error) {
    return { ok: false, reason: describeDnsError(error, { name, type, server, waitedMs }) };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', cancel);
  }
  const shown = answers.map(TYPES[type].show);
  const samples = [{ name: 'dns_answers', value: answers.length }];
  const ttl = TYPES[type].ttl;
  if (ttl !== undefined && answers.length > 0) samples.push({ name: 'dns_ttl_seconds', value: Math.min(...answers.map(ttl)) });
  const expected = options.expect === undefined ? [] : [options.expect].flat();
  const got = new Set(shown.map((value) => normalise(value, type)));
  const missing = expected.filter((value) => !got.has(normalise(value, type)));
  if (missing.length > 0) {
    const list = shown.length === 0 ? 'nothing' : shown.map((value) => JSON.stringify(value)).join(', ');
    return { ok: false, reason: `${type} ${name} is ${list}, not ${missing.map((value) => JSON.stringify(value)).join(', ')} as expected`, samples };
  }
  return { ok: true, samples };
}

module.exports = { probes: { dns: { check } } };
