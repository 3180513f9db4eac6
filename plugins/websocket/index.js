'use strict';
/**
 * A WebSocket probe: performs the RFC 6455 opening handshake over node:http or node:https (the
 * Sec-WebSocket-Accept checked), then optionally sends a text message and waits for a message
 * containing `expect`, and closes with 1000. Written on Node's own modules because a plugin's
 * process may read only its own folder, so it carries no dependencies.
 */
const crypto = require('node:crypto');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** A message larger than this is not read whole: it fails the check rather than fill the memory cap. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
const CLOSE_CODES = {
  1000: 'normal',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1007: 'invalid data',
  1008: 'policy violation',
  1009: 'message too big',
  1011: 'server error',
  1012: 'service restart',
  1013: 'try again later',
};

/** Ends the check a little before the engine's own deadline, so the reason says what was awaited. */
function deadlineOf(timeoutMs) {
  // A tenth (at least 100 ms) is left for the answer to reach the engine over IPC on a busy machine.
  return Math.max(Math.floor(timeoutMs / 2), timeoutMs - Math.max(100, Math.floor(timeoutMs / 10)));
}

function seconds(ms) {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function quote(text) {
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return JSON.stringify(short);
}

/** A client frame: FIN set, masked with a fresh key as RFC 6455 requires of clients. */
function frame(opcode, payload) {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, 0x80 | length]) : Buffer.alloc(length < 65536 ? 4 : 10);
  if (length >= 126 && length < 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else if (length >= 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = crypto.randomBytes(4);
  const masked = Buffer.alloc(length);
  for (let index = 0; index < length; index++) masked[index] = payload[index] ^ mask[index % 4];
  return Buffer.concat([header, mask, masked]);
}

/** Reads one server frame from `buffer`: { fin, opcode, payload, next } or null when incomplete. */
function parseFrame(buffer) {
  if (buffer.length < 2) return null;
  const fin = (buffer[0] & 0x80) !== 0;
  const opcode = buffer[0] & 0x0f;
  if ((buffer[0] & 0x70) !== 0) throw new Error('the server sent a frame with reserved bits set (a protocol error)');
  if ((buffer[1] & 0x80) !== 0) throw new Error('the server sent a masked frame (a protocol error: servers must not mask)');
  let length = buffer[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    const long = buffer.readBigUInt64BE(2);
    if (long > BigInt(MAX_MESSAGE_BYTES)) throw new Error(`the server sent a message over ${MAX_MESSAGE_BYTES} bytes`);
    length = Number(long);
    offset = 10;
  }
  if (length > MAX_MESSAGE_BYTES) throw new Error(`the server sent a message over ${MAX_MESSAGE_BYTES} bytes`);
  if (buffer.length < offset + length) return null;
  return { fin, opcode, payload: buffer.subarray(offset, offset + length), next: offset + length };
}

function describeSocketError(error, target) {
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
      return `${target} reset the connection`;
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
      return `${target} did not answer with HTTP (is this a WebSocket port?)`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'the TLS certificate is self-signed, so it is not trusted (set insecure: true to accept it)';
    case 'CERT_HAS_EXPIRED':
      return 'the TLS certificate has expired';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate is not for ${target.replace(/:\d+$/, '')}`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `TLS handshake with ${target} failed: it does not answer with TLS (should the URL be ws://?)`;
    default:
      if (typeof error.code === 'string' && error.code.startsWith('HPE_')) return `${target} did not answer with valid HTTP (${error.code})`;
      return error.message;
  }
}

function check(options, { signal, timeoutMs }) {
  const url = new URL(options.url);
  const secure = url.protocol === 'wss:';
  const target = `${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${url.port || (secure ? 443 : 80)}`;
  const key = crypto.randomBytes(16).toString('base64');
  const started = performance.now();
  const waitedMs = deadlineOf(timeoutMs);
  return new Promise((resolve) => {
    let socket = null;
    let stage = 'the handshake';
    let done = false;
    const samples = [];
    const received = [];
    const finish = (reason) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (socket !== null) {
        // A polite close when it went well; either way the socket is gone at once.
        if (reason === null && socket.writable) socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
        socket.destroy();
      }
      request.destroy();
      resolve(reason === null ? { ok: true, samples } : { ok: false, reason, samples });
    };
    const timer = setTimeout(
      () => finish(`no answer from ${target} within ${seconds(waitedMs)} while waiting for ${stage} (timeout)${socket === null ? '' : gotSoFar(received)}`),
      waitedMs,
    );
    const onAbort = () => finish(`the check was cancelled during ${stage}`);
    signal.addEventListener('abort', onAbort, { once: true });

    const headers = {
      ...options.headers,
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Key': key,
      'Sec-WebSocket-Version': '13',
      'User-Agent': 'Zervigo',
      ...(options.protocol === undefined ? {} : { 'Sec-WebSocket-Protocol': options.protocol }),
    };
    const request = (secure ? https : http).request({
      protocol: secure ? 'https:' : 'http:',
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers,
      agent: false,
      rejectUnauthorized: options.insecure !== true,
      // SNI carries names only, never an IP address.
      servername: secure && net.isIP(url.hostname.replace(/^\[|\]$/g, '')) === 0 ? url.hostname : undefined,
    });
    request.once('error', (error) => finish(describeSocketError(error, target)));
    request.once('response', (response) => {
      const status = `HTTP ${response.statusCode}${response.statusMessage ? ` ${response.statusMessage}` : ''}`;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body = (body + chunk).slice(0, 200)));
      response.once('end', () => {
        // A body that only repeats the status line ("Unauthorized") adds nothing.
        const said = body.trim() === '' || body.trim() === response.statusMessage ? '' : ` (${quote(body.trim())})`;
        finish(`the server answered ${status} instead of switching to WebSocket${said}`);
      });
      response.once('error', () => finish(`the server answered ${status} instead of switching to WebSocket`));
    });
    request.once('upgrade', (response, upgraded, head) => {
      socket = upgraded;
      const accept = crypto
        .createHash('sha1')
        .update(key + GUID)
        .digest('base64');
      if (response.headers['sec-websocket-accept'] !== accept)
        return finish('the server switched protocols without a valid Sec-WebSocket-Accept (not a WebSocket server?)');
      if (options.protocol !== undefined && response.headers['sec-websocket-protocol'] !== options.protocol)
        return finish(`the server did not agree to the subprotocol "${options.protocol}"`);
      samples.push({ name: 'websocket_handshake_seconds', value: (performance.now() - started) / 1000 });
      if (options.send === undefined && options.expect === undefined) return finish(null);
      stage = options.expect === undefined ? 'the message to be sent' : `a message containing ${quote(options.expect)}`;
      const sentAt = performance.now();
      if (options.send !== undefined) socket.write(frame(0x1, Buffer.from(options.send, 'utf8')));
      if (options.expect === undefined) return finish(null);
      let buffer = head.length > 0 ? Buffer.from(head) : Buffer.alloc(0);
      let fragments = [];
      const onData = (chunk) => {
        if (chunk !== undefined) buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          let parsed;
          try {
            parsed = parseFrame(buffer);
          } catch (error) {
            return finish(error.message);
          }
          if (parsed === null) return;
          buffer = buffer.subarray(parsed.next);
          const { fin, opcode, payload } = parsed;
          if (opcode === 0x9) {
            socket.write(frame(0xa, payload));
            continue;
          }
          if (opcode === 0xa) continue;
          if (opcode === 0x8) {
            const code = payload.length >= 2 ? payload.readUInt16BE(0) : null;
            const why = payload.length > 2 ? `: ${payload.toString('utf8', 2)}` : '';
            const named = code === null ? '' : ` (code ${code}${CLOSE_CODES[code] ? ` ${CLOSE_CODES[code]}` : ''}${why})`;
            return finish(`the server closed the connection${named} before a message containing ${quote(options.expect)}${gotSoFar(received)}`);
          }
          if (opcode !== 0x0 && opcode !== 0x1 && opcode !== 0x2) return finish(`the server sent an unknown frame type (opcode ${opcode})`);
          fragments.push(payload);
          if (fragments.reduce((total, part) => total + part.length, 0) > MAX_MESSAGE_BYTES)
            return finish(`the server sent a message over ${MAX_MESSAGE_BYTES} bytes`);
          if (!fin) continue;
          const text = Buffer.concat(fragments).toString('utf8');
          fragments = [];
          received.push(text);
          if (text.includes(options.expect)) {
            samples.push({ name: 'websocket_reply_seconds', value: (performance.now() - sentAt) / 1000 });
            return finish(null);
          }
        }
      };
      socket.on('data', onData);
      socket.once('error', (error) => finish(describeSocketError(error, target)));
      socket.once('close', () => finish(`the connection closed before a message containing ${quote(options.expect)}${gotSoFar(received)}`));
      if (buffer.length > 0) onData();
    });
    request.end();
  });
}

function gotSoFar(received) {
  if (received.length === 0) return ' (no message arrived)';
  return ` (got ${received.length} message${received.length === 1 ? '' : 's'}, the last ${quote(received[received.length - 1])})`;
}

module.exports = { probes: { websocket: { check } } };
