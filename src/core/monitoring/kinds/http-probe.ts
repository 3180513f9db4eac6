import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Dispatcher, request as undiciRequest } from 'undici';
import { byteSize, duration, type ProbeConfig, type ProbeSettings } from '../../config/schema';
import type { ProbeKind } from '../probe-kind';
import { formatBytes } from '../../../shared/byte-size';
import { BodyProblem, readWholeBody } from '../body-reader';
import { failed, passed, since, type CheckResult, type ProbeCheck, type ProbeSample } from '../check-result';
import { excerptOf } from '../excerpt';
import { formatSpan } from '../format-span';
import type { HttpAgents, HttpTransport } from '../http-agents';
import { loadUndici } from '../lazy-undici';
import { statusMatcher } from '../http-status';
import { selectJsonPath } from '../../config/json-path';
import { describeNetworkError } from '../network-error';

const DAY_MS = 86_400_000;

export interface HttpProbeOptions {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  followRedirects: number;
  maxBodyBytes: number;
  connectTimeoutMs: number;
  insecure: boolean;
  timeoutMs: number;
  expect: ProbeConfig['expect'];
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });
const httpTarget = z.strictObject({
  url: httpUrl.describe('The http:// or https:// URL to request.'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET').describe('The HTTP method.'),
  headers: z.record(z.string(), z.string()).default({}).describe('Request headers, name: value.'),
  body: z.string().optional().describe('The request body (for POST, PUT, PATCH).'),
  follow_redirects: z.number().int().min(0).max(20).default(5).describe('How many redirects to follow; 0 takes the first answer.'),
  max_body: byteSize.prefault('1MiB').describe('At most this much of the body is read; a longer body fails the check.'),
  connect_timeout: duration.optional().describe('How long connecting may take (the whole check has `timeout`).'),
  insecure: z.boolean().default(false).describe('Accept TLS certificates that do not verify (self-signed, expired).'),
});
const httpOptions = z.union([httpUrl, httpTarget]);
type HttpOptionsConfig = z.output<typeof httpOptions>;

/** An HTTP(S) request: `http: URL` or `http: { url, method, headers, body, ... }`. */
export const httpProbe: ProbeKind<HttpOptionsConfig> = {
  kind: 'http',
  summary: 'An HTTP(S) request: passes on an accepted status (default 2xx), matching body and JSON, within max_ms, with a certificate not near expiry.',
  schema: httpOptions,
  expects: ['status', 'max_ms', 'body_contains', 'body_regex', 'body_json', 'cert_days_min'],
  validate: (options, probe) =>
    probe.expect.cert_days_min !== undefined && !urlOf(options).startsWith('https:')
      ? [{ path: ['expect', 'cert_days_min'], message: 'cert_days_min needs an https:// URL' }]
      : [],
  describe: (options) => (typeof options === 'string' ? options : `${options.method} ${options.url}`),
  instance: urlOf,
  createCheck: (options, context) => createHttpCheck(toHttpOptions(options, context.probe), context.agents),
};

function urlOf(options: HttpOptionsConfig): string {
  return typeof options === 'string' ? options : options.url;
}

export function httpOptionsOf(probe: ProbeConfig): HttpProbeOptions {
  return toHttpOptions(probe.http as HttpOptionsConfig, { ...probe, timeoutMs: probe.timeout });
}

function toHttpOptions(config: HttpOptionsConfig, probe: ProbeSettings & { timeoutMs: number }): HttpProbeOptions {
  const full = typeof config === 'object' ? config : undefined;
  return {
    url: urlOf(config),
    method: full?.method ?? 'GET',
    headers: full?.headers ?? {},
    body: full?.body,
    followRedirects: full?.follow_redirects ?? 5,
    maxBodyBytes: full?.max_body ?? 1024 * 1024,
    connectTimeoutMs: Math.min(full?.connect_timeout ?? probe.timeoutMs, probe.timeoutMs),
    insecure: full?.insecure ?? false,
    timeoutMs: probe.timeoutMs,
    expect: probe.expect,
  };
}

/**
 * An HTTP(S) check: method, headers and body; accepted status codes; body contains / regex /
 * JSON paths; a latency limit; certificate expiry (as a series, and optionally a minimum);
 * a cap on the body read; connect and total timeouts. Series as the blackbox exporter names
 * them: probe_http_status_code, probe_ssl_earliest_cert_expiry (+ probe_ssl_cert_days_left).
 */
export function createHttpCheck(options: HttpProbeOptions, agents: HttpAgents): ProbeCheck {
  const url = new URL(options.url);
  // undici and the shared agent come on the first check; later checks find them ready.
  let ready: { transport: HttpTransport; request: typeof undiciRequest } | null = null;
  const prepare = async (): Promise<NonNullable<typeof ready>> => {
    const [transport, undici] = await Promise.all([
      agents.get({ insecure: options.insecure, connectTimeoutMs: options.connectTimeoutMs, followRedirects: options.followRedirects }),
      loadUndici(),
    ]);
    ready = { transport, request: undici.request };
    return ready;
  };
  const status = statusMatcher(options.expect.status);
  const bodyRegex = options.expect.body_regex === undefined ? null : new RegExp(options.expect.body_regex);
  const bodyJson = Object.entries(options.expect.body_json ?? {});
  const needsText = options.expect.body_contains !== undefined || bodyRegex !== null || bodyJson.length > 0;
  const requestOptions = {
    method: options.method,
    headers: { 'user-agent': 'zervigo-probe', ...options.headers },
    body: options.body,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  };
  const bodyLimit = `max_body ${formatBytes(options.maxBodyBytes)}`;
  const describe = (error: unknown): string => describeNetworkError(error, { target: options.url, timeoutMs: options.timeoutMs });

  return async (signal) => {
    const { transport, request } = ready ?? (await prepare());
    const started = performance.now();
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, { ...requestOptions, dispatcher: transport.dispatcher, signal });
    } catch (error) {
      return failed(describe(error), since(started));
    }
    const samples: ProbeSample[] = [{ name: 'probe_http_status_code', value: response.statusCode }];
    const certificate = url.protocol === 'https:' ? transport.certificateExpiry(url) : undefined;
    if (certificate !== undefined) {
      samples.push(
        { name: 'probe_ssl_earliest_cert_expiry', value: certificate / 1000 },
        { name: 'probe_ssl_cert_days_left', value: (certificate - Date.now()) / DAY_MS },
      );
    }
    // Read to the end even when no body check needs the text: an answer cut short is a failure.
    let text: string | null;
    try {
      text = await readWholeBody(response, {
        limit: options.maxBodyBytes,
        limitName: bodyLimit,
        keepText: needsText,
        signal,
        timeoutMs: options.timeoutMs,
        target: options.url,
      });
    } catch (error) {
      return failed(error instanceof BodyProblem ? error.message : `${describe(error)} (while reading the body)`, since(started), samples);
    }
    const durationMs = since(started);
    const fail = (reason: string): CheckResult => failed(reason, durationMs, samples);

    if (!status.test(response.statusCode)) {
      const location = response.headers.location;
      return fail(`status ${response.statusCode} (expected ${status.text})${typeof location === 'string' ? ` redirecting to ${location}` : ''}`);
    }
    if (text !== null) {
      const problem = bodyProblem(text, options.expect.body_contains, bodyRegex, bodyJson);
      if (problem !== null) return fail(problem);
    }
    if (options.expect.max_ms !== undefined && durationMs > options.expect.max_ms) {
      return fail(`answered in ${formatSpan(durationMs)}, slower than max_ms ${formatSpan(options.expect.max_ms)}`);
    }
    if (options.expect.cert_days_min !== undefined && certificate !== undefined) {
      const daysLeft = Math.floor((certificate - Date.now()) / DAY_MS);
      if (daysLeft < options.expect.cert_days_min)
        return fail(`the TLS certificate expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (cert_days_min ${options.expect.cert_days_min})`);
    }
    return passed(durationMs, samples);
  };
}

function bodyProblem(text: string, contains: string | undefined, regex: RegExp | null, jsonPaths: [string, unknown][]): string | null {
  if (contains !== undefined && !text.includes(contains)) return `the body does not contain "${contains}"${excerpt(text)}`;
  if (regex !== null && !regex.test(text)) return `the body does not match /${regex.source}/${excerpt(text)}`;
  if (jsonPaths.length === 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `the body is not JSON${excerpt(text)}`;
  }
  for (const [path, expected] of jsonPaths) {
    const values = selectJsonPath(json, path);
    if (values.length === 0) return `body_json: ${path} is missing`;
    const wrong = values.find((value) => !sameJsonValue(value, expected));
    if (wrong !== undefined) return `body_json: ${path} is ${JSON.stringify(wrong)}, expected ${JSON.stringify(expected)}`;
  }
  return null;
}

/** YAML `status: 200` and JSON "200" are the same to an operator; objects compare deeply. */
function sameJsonValue(actual: unknown, expected: unknown): boolean {
  const scalar = (value: unknown): value is string | number | boolean => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  if (scalar(actual) && scalar(expected)) return String(actual) === String(expected);
  return isDeepStrictEqual(actual, expected);
}

function excerpt(text: string): string {
  const quoted = excerptOf(text);
  return quoted === null ? ' (the body is empty)' : ` (it begins ${quoted})`;
}
