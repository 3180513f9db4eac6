'use strict';
/**
 * A Redis probe: connects to `address`, AUTHs when a password is set, PINGs, reads INFO, and checks
 * the role and a key when asked. Speaks RESP2 over node:net itself: a plugin's process may read
 * only its own folder, so it carries no dependencies. Runs in a process of its own under Zervigo.
 */
const net = require('node:net');
const tls = require('node:tls');

/** A reply larger than this (INFO is a few KiB) means the peer is not the Redis we expect. */
const MAX_REPLY_BYTES = 1024 * 1024;

/** The INFO fields reported as series, by the name of the series. */
const INFO_SERIES = {
  redis_connected_clients: 'connected_clients',
  redis_blocked_clients: 'blocked_clients',
  redis_used_memory_bytes: 'used_memory',
  redis_uptime_seconds: 'uptime_in_seconds',
  redis_connected_replicas: 'connected_slaves',
  redis_keyspace_hits_total: 'keyspace_hits',
  redis_keyspace_misses_total: 'keyspace_misses',
};

class RedisError extends Error {}

/** Ends the check a little before the engine's own deadline, so the reason says what was awaited. */
function deadlineOf(timeoutMs) {
  // A tenth (at least 100 ms) is left for the answer to reach the engine over IPC on a busy machine.
  return Math.max(Math.floor(timeoutMs / 2), timeoutMs - Math.max(100, Math.floor(timeoutMs / 10)));
}

function splitAddress(address) {
  const match = /^\[?(.*?)\]?:(\d+)$/.exec(address);
  return { host: match[1], port: Number(match[2]) };
}

function seconds(ms) {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function excerpt(buffer) {
  const text = buffer.toString('latin1', 0, 60).replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  return `"${text}${buffer.length > 60 ? '...' : ''}"`;
}

/**
 * Reads one RESP2 reply from `buffer` at `offset`: { value, next } or null when incomplete. A
 * first byte that is not a RESP type means the server speaks something else.
 */
function parseReply(buffer, offset) {
  if (offset >= buffer.length) return null;
  const lineEnd = buffer.indexOf('\r\n', offset);
  const type = String.fromCharCode(buffer[offset]);
  if (!'+-:$*'.includes(type)) throw new RedisError(`the answer is not the Redis protocol (got ${excerpt(buffer.subarray(offset))}): is this a Redis port?`);
  if (lineEnd === -1) return null;
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const after = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new RedisError(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const length = Number(line);
      if (!Number.isInteger(length)) throw new RedisError(`the answer is not the Redis protocol (bulk length "${line.slice(0, 20)}")`);
      if (length < 0) return { value: null, next: after };
      if (buffer.length < after + length + 2) return null;
      return { value: buffer.toString('utf8', after, after + length), next: after + length + 2 };
    }
    default: {
      const count = Number(line);
      if (!Number.isInteger(count)) throw new RedisError(`the answer is not the Redis protocol (array length "${line.slice(0, 20)}")`);
      if (count < 0) return { value: null, next: after };
      const items = [];
      let next = after;
      for (let index = 0; index < count; index++) {
        const item = parseReply(buffer, next);
        if (item === null) return null;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
  }
}

function encodeCommand(args) {
  return Buffer.concat([Buffer.from(`*${args.length}\r\n`), ...args.map((arg) => Buffer.from(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`))]);
}

/** One connection: commands are sent one at a time and each reply awaited. */
function connect({ host, port, secure }, target, timeoutMs, signal) {
  return new Promise((resolve, reject) => {
    const socket = secure !== null ? tls.connect({ host, port, ...secure }) : net.connect({ host, port });
    let buffer = Buffer.alloc(0);
    let waiting = null;
    let failure = null;
    const fail = (error) => {
      if (failure !== null) return;
      failure = error;
      socket.destroy();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (waiting !== null) waiting.reject(error);
      else reject(error);
    };
    // 'tcp' once the TCP connection is up, 'ready' once TLS (if any) is through too.
    let connected = null;
    const timer = setTimeout(() => {
      const within = `within ${seconds(timeoutMs)} (timeout)`;
      if (connected === 'ready') return fail(new RedisError(`no answer from ${target} ${within}`));
      if (connected === 'tcp') return fail(new RedisError(`connected to ${target}, but the TLS handshake did not finish ${within}: is it a TLS port?`));
      fail(new RedisError(`could not connect to ${target} ${within}`));
    }, timeoutMs);
    socket.once('connect', () => (connected = connected ?? 'tcp'));
    const onAbort = () => fail(new RedisError(`the check was cancelled before ${target} answered`));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (error) => fail(new RedisError(describeSocketError(error, target, secure))));
    socket.once('close', () => {
      if (buffer.length > 0) return fail(new RedisError(`${target} closed the connection after sending ${excerpt(buffer)}`));
      fail(new RedisError(`${target} closed the connection without answering${secure ? '' : ' (a TLS port? then set tls: true)'}`));
    });
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > MAX_REPLY_BYTES) return fail(new RedisError(`${target} sent over ${MAX_REPLY_BYTES} bytes for one reply: is this a Redis port?`));
      if (waiting === null) return fail(new RedisError(`${target} sent ${excerpt(buffer)} before being asked anything: is this a Redis port?`));
      let reply;
      try {
        reply = parseReply(buffer, 0);
      } catch (error) {
        return fail(error);
      }
      if (reply === null) return;
      buffer = buffer.subarray(reply.next);
      const { resolve: answer } = waiting;
      waiting = null;
      answer(reply.value);
    });
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      connected = 'ready';
      resolve({
        command: (...args) =>
          failure !== null
            ? Promise.reject(failure)
            : new Promise((answer, refuse) => {
                waiting = { resolve: answer, reject: refuse };
                socket.write(encodeCommand(args.map(String)));
              }),
        close: () => {
          failure = failure ?? new RedisError('closed');
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          socket.destroy();
        },
      });
    });
  });
}

function describeSocketError(error, target, secure) {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${target} (is it listening?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found: ${target.replace(/:\d+$/, '')}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${target.replace(/:\d+$/, '')} is unreachable`;
    case 'ECONNRESET':
    case 'EPIPE':
      // A TLS port resets a client that speaks plain RESP to it.
      return `${target} reset the connection${secure ? '' : ' (a TLS port? then set tls: true)'}`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'the TLS certificate is self-signed, so it is not trusted (set tls.ca to the certificate that signed it, or insecure: true)';
    // The chain ends at a CA of its own (sent along with it): a private CA.
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `the TLS certificate of ${target} is signed by a CA this probe does not trust (set tls.ca to that CA's certificate)`;
    case 'ERR_OSSL_X509_KEY_VALUES_MISMATCH':
      return 'tls.key is not the key of tls.cert';
    case 'CERT_HAS_EXPIRED':
      return 'the TLS certificate has expired';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate is not for ${target.replace(/:\d+$/, '')}`;
    default:
      if (/certificate required|alert number 116/i.test(error.message)) return `${target} asks for a client certificate: set tls.cert and tls.key`;
      if (typeof error.code === 'string' && error.code.startsWith('ERR_SSL_'))
        return `TLS handshake with ${target} failed (${error.code}): does it speak TLS (should tls be off)?`;
      return `${target}: ${error.message}`;
  }
}

/**
 * node:tls options from `tls` (true, or { ca, cert, key, insecure, servername } with the files
 * read by the engine and given as PEM text) and the older top-level `insecure`; null for plain RESP.
 */
function tlsOptions(options, host) {
  if (options.tls === undefined || options.tls === false) return null;
  const given = options.tls === true ? {} : options.tls;
  const secure = { rejectUnauthorized: given.insecure !== true && options.insecure !== true };
  for (const field of ['ca', 'cert', 'key']) if (given[field] !== undefined) secure[field] = given[field];
  // SNI carries names only, never an IP address.
  const servername = given.servername ?? (net.isIP(host) === 0 ? host : undefined);
  if (servername !== undefined) secure.servername = servername;
  return secure;
}

/** "# Server\r\nredis_version:7.0.15\r\n..." as { redis_version: '7.0.15', ... }. */
function parseInfo(text) {
  const fields = {};
  for (const line of String(text).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

/** A reply that is an error becomes the check's reason; `what` says which step it answered. */
function expectOk(value, what) {
  if (value instanceof RedisError) {
    if (/^NOAUTH/.test(value.message)) throw new RedisError(`the server needs a password (${value.message}): set password`);
    if (/^(WRONGPASS|ERR invalid password)/.test(value.message)) throw new RedisError(`authentication failed: ${value.message}`);
    throw new RedisError(`${what}: ${value.message}`);
  }
  return value;
}

async function check(options, { signal, timeoutMs }) {
  const { host, port } = splitAddress(options.address);
  const target = options.address;
  let connection;
  try {
    connection = await connect({ host, port, secure: tlsOptions(options, host) }, target, deadlineOf(timeoutMs), signal);
  } catch (error) {
    return { ok: false, reason: error.message };
  }
  try {
    if (options.password !== undefined) {
      const auth = options.username === undefined ? ['AUTH', options.password] : ['AUTH', options.username, options.password];
      expectOk(await connection.command(...auth), 'AUTH');
    }
    const pingStarted = performance.now();
    const pong = expectOk(await connection.command('PING'), 'PING');
    const pingSeconds = (performance.now() - pingStarted) / 1000;
    if (pong !== 'PONG') return { ok: false, reason: `PING answered ${JSON.stringify(pong).slice(0, 60)}, not PONG` };
    const info = parseInfo(expectOk(await connection.command('INFO'), 'INFO'));
    const samples = [{ name: 'redis_ping_seconds', value: pingSeconds }];
    for (const [name, field] of Object.entries(INFO_SERIES)) {
      const value = Number(info[field]);
      if (info[field] !== undefined && Number.isFinite(value)) samples.push({ name, value });
    }
    const role = info.role === 'slave' ? 'replica' : info.role;
    if (options.role !== undefined && role !== options.role)
      return { ok: false, reason: `the server is a ${role ?? 'node of unknown role'}, not a ${options.role}`, samples };
    if (options.db !== undefined) expectOk(await connection.command('SELECT', options.db), `SELECT ${options.db}`);
    if (options.key !== undefined) {
      const exists = expectOk(await connection.command('EXISTS', options.key), 'EXISTS');
      if (exists !== 1) return { ok: false, reason: `the key "${options.key}" does not exist${options.db ? ` in db ${options.db}` : ''}`, samples };
    }
    return { ok: true, samples };
  } catch (error) {
    return { ok: false, reason: error.message };
  } finally {
    connection.close();
  }
}

module.exports = { probes: { redis: { check } } };
