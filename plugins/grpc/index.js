'use strict';
/**
 * A gRPC health probe: one unary call of grpc.health.v1.Health/Check (the standard gRPC Health
 * Checking Protocol) over node:http2, passing when the answer is SERVING. The protocol is two
 * one-field messages, so they are encoded here by hand rather than with a protobuf library: a
 * plugin's process may read only its own folder, so it carries no dependencies.
 */
const http2 = require('node:http2');
const net = require('node:net');

const PATH = '/grpc.health.v1.Health/Check';
/** HealthCheckResponse.ServingStatus. */
const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
/** The gRPC status codes, by number, as the spec names them. */
const GRPC_CODES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Ends the check a little before the engine's own deadline, so the reason says what was awaited. */
function deadlineOf(timeoutMs) {
  // A tenth (at least 100 ms) is left for the answer to reach the engine over IPC on a busy machine.
  return Math.max(Math.floor(timeoutMs / 2), timeoutMs - Math.max(100, Math.floor(timeoutMs / 10)));
}

function seconds(ms) {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function varint(value) {
  const bytes = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return Buffer.from(bytes);
}

/** HealthCheckRequest { string service = 1; } in a gRPC length-prefixed frame (uncompressed). */
function requestFrame(service) {
  const text = Buffer.from(service, 'utf8');
  const message = text.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(text.length), text]);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

function readVarint(buffer, offset) {
  let value = 0;
  let shift = 0;
  for (let index = offset; index < buffer.length && shift < 35; index++) {
    value += (buffer[index] & 0x7f) * 2 ** shift;
    if ((buffer[index] & 0x80) === 0) return { value, next: index + 1 };
    shift += 7;
  }
  throw new Error('a varint runs past the message');
}

/** HealthCheckResponse { ServingStatus status = 1; }: the status, skipping fields a newer server may add. */
function decodeStatus(message) {
  let status = 0;
  let offset = 0;
  while (offset < message.length) {
    const tag = readVarint(message, offset);
    const field = Math.floor(tag.value / 8);
    const wire = tag.value & 7;
    offset = tag.next;
    if (wire === 0) {
      const value = readVarint(message, offset);
      if (field === 1) status = value.value;
      offset = value.next;
    } else if (wire === 2) {
      const length = readVarint(message, offset);
      offset = length.next + length.value;
    } else if (wire === 5) offset += 4;
    else if (wire === 1) offset += 8;
    else throw new Error(`wire type ${wire}`);
  }
  if (offset !== message.length) throw new Error('a field runs past the message');
  return status;
}

/** The one message of a unary response: 1 byte compressed flag, 4 bytes length, the message. */
function unframe(body) {
  if (body.length < 5) throw new Error(body.length === 0 ? 'no message' : `${body.length} bytes, shorter than a gRPC frame`);
  if (body[0] !== 0) throw new Error('a compressed message, though none was asked for');
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length) throw new Error(`a frame of ${length} bytes in ${body.length - 5}`);
  return body.subarray(5);
}

function describeSessionError(error, target) {
  // A stream cancelled because its session failed carries the socket's error as its cause.
  if (error.code === 'ERR_HTTP2_STREAM_CANCEL' && error.cause instanceof Error) return describeSessionError(error.cause, target);
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
    case 'ERR_HTTP2_ERROR':
    case 'ERR_HTTP2_SESSION_ERROR':
    case 'ERR_HTTP2_STREAM_ERROR':
    case 'ERR_HTTP2_INVALID_SESSION':
      return `${target} does not speak HTTP/2 as gRPC needs (${error.message}): is this a gRPC port?`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'the TLS certificate is self-signed, so it is not trusted (set insecure: true to accept it)';
    case 'CERT_HAS_EXPIRED':
      return 'the TLS certificate has expired';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate is not for ${target.replace(/:\d+$/, '')}`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `TLS handshake with ${target} failed: it does not answer with TLS (should tls be off?)`;
    default:
      if (typeof error.code === 'string' && error.code.startsWith('ERR_SSL_')) return `TLS handshake with ${target} failed: ${error.code}`;
      return `${target}: ${error.message}`;
  }
}

/** grpc-message is percent-encoded (the spec): decoded, or left as sent when it is not valid. */
function grpcMessage(value) {
  if (typeof value !== 'string' || value === '') return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The TLS server name (SNI): the authority's host, unless it is an IP address, which SNI may not carry. */
function serverName(options) {
  if (options.tls !== true) return undefined;
  const host = (options.authority ?? options.address).replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return net.isIP(host) === 0 ? host : undefined;
}

function check(options, { signal, timeoutMs }) {
  const target = options.address;
  const service = options.service ?? '';
  const named = service === '' ? 'the server' : `service "${service}"`;
  const waitedMs = deadlineOf(timeoutMs);
  const authority = options.authority ?? options.address;
  const scheme = options.tls === true ? 'https' : 'http';
  return new Promise((resolve) => {
    let done = false;
    let stage = 'the connection';
    let session = null;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      session?.destroy();
      resolve(result);
    };
    const fail = (reason) => finish({ ok: false, reason });
    const timer = setTimeout(() => fail(`no answer from ${target} within ${seconds(waitedMs)} while waiting for ${stage} (timeout)`), waitedMs);
    const onAbort = () => fail(`the check was cancelled while waiting for ${stage}`);
    signal.addEventListener('abort', onAbort, { once: true });

    const started = performance.now();
    try {
      session = http2.connect(`${scheme}://${options.address}`, {
        rejectUnauthorized: options.insecure !== true,
        servername: serverName(options),
        maxSessionMemory: 1,
      });
    } catch (error) {
      return fail(describeSessionError(error, target));
    }
    session.once('error', (error) => fail(describeSessionError(error, target)));
    session.once('goaway', (code) => fail(`${target} ended the HTTP/2 session (GOAWAY ${code}) while waiting for ${stage}`));
    session.once('close', () => fail(`${target} closed the connection while waiting for ${stage}: is this a gRPC port?`));
    session.once('connect', () => (stage = 'the Health/Check answer'));

    const request = session.request({
      // First, so that nothing in it can replace what gRPC itself needs.
      ...options.metadata,
      ':method': 'POST',
      ':path': PATH,
      ':authority': authority,
      'content-type': 'application/grpc',
      te: 'trailers',
      'grpc-timeout': `${Math.max(1, waitedMs)}m`,
      'user-agent': 'zervigo-grpc-health/1.0',
    });
    let headers = {};
    const chunks = [];
    let size = 0;
    request.on('response', (received) => (headers = received));
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) return fail(`${target} answered over ${MAX_RESPONSE_BYTES} bytes to a health check: is this a gRPC health service?`);
      chunks.push(chunk);
    });
    request.on('error', (error) => fail(describeSessionError(error, target)));
    request.on('trailers', (trailers) => (headers = { ...headers, ...trailers }));
    request.on('end', () => {
      const latency = (performance.now() - started) / 1000;
      const httpStatus = Number(headers[':status']);
      const contentType = String(headers['content-type'] ?? '');
      if (httpStatus !== 200 || !contentType.startsWith('application/grpc'))
        return fail(`the answer is not gRPC (HTTP ${headers[':status'] ?? '?'}${contentType === '' ? '' : `, ${contentType}`}): is this a gRPC port?`);
      const code = Number(headers['grpc-status']);
      if (headers['grpc-status'] === undefined || !Number.isInteger(code))
        return fail('the answer has no grpc-status: the call did not complete (a proxy cut it short?)');
      const message = grpcMessage(headers['grpc-message']);
      if (code === 5 && service !== '') return fail(`the server does not know service "${service}" (NOT_FOUND${message === '' ? '' : `: ${message}`})`);
      if (code === 12) return fail(`the server does not implement grpc.health.v1.Health (UNIMPLEMENTED${message === '' ? '' : `: ${message}`})`);
      if (code !== 0) return fail(`Health/Check failed: ${GRPC_CODES[code] ?? `status ${code}`}${message === '' ? '' : `: ${message}`}`);
      let status;
      try {
        status = decodeStatus(unframe(Buffer.concat(chunks)));
      } catch (error) {
        return fail(`the answer is not a HealthCheckResponse (${error.message})`);
      }
      const name = SERVING_STATUS[status] ?? `status ${status}`;
      const samples = [
        { name: 'grpc_health_serving', value: status === 1 ? 1 : 0 },
        { name: 'grpc_health_check_seconds', value: latency },
      ];
      finish(status === 1 ? { ok: true, samples } : { ok: false, reason: `${named} is ${name}`, samples });
    });
    request.end(requestFrame(service));
  });
}

module.exports = { probes: { grpc: { check } } };
