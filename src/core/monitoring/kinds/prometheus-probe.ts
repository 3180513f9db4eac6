import { z } from 'zod';
import { BodyProblem, readWholeBody } from '../body-reader';
import { failed, passed, since, type ProbeCheck } from '../check-result';
import { excerptOf } from '../excerpt';
import { parseExposition } from '../exposition-parser';
import type { HttpAgents } from '../http-agents';
import { loadUndici } from '../lazy-undici';
import { describeNetworkError } from '../network-error';
import type { ProbeKind } from '../probe-kind';

/** Bounds per scrape, so one misbehaving exporter cannot flood the store. */
export const MAX_SCRAPE_BYTES = 16 * 1024 * 1024;
export const MAX_SCRAPE_SAMPLES = 10_000;

const metricsUrl = z.url({ protocol: /^https?$/, error: 'expected the http:// URL of a /metrics endpoint' });

/** A Prometheus /metrics endpoint: `prometheus: URL`. */
export const prometheusProbe: ProbeKind<string> = {
  kind: 'prometheus',
  summary: 'A Prometheus /metrics endpoint: passes when it answers in text format; every sample is kept as a series.',
  schema: metricsUrl,
  expects: ['max_ms'],
  describe: (url) => url,
  instance: (url) => new URL(url).host,
  createCheck: (url, context) => createPrometheusCheck(url, context.probe.timeoutMs, context.agents),
};

/**
 * Scrapes a service's /metrics (Prometheus text format) into series with their own labels,
 * plus the service's: a service that already exposes metrics needs nothing else. Samples are
 * reported only when the whole scrape parsed and stayed within the limits.
 */
export function createPrometheusCheck(url: string, timeoutMs: number, agents: HttpAgents): ProbeCheck {
  const target = new URL(url);
  return async (signal) => {
    const started = performance.now();
    let text: string;
    try {
      const [transport, { request }] = await Promise.all([agents.get({ insecure: false, connectTimeoutMs: timeoutMs, followRedirects: 3 }), loadUndici()]);
      const response = await request(target, {
        dispatcher: transport.dispatcher,
        signal,
        headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1', 'user-agent': 'zervigo-scrape' },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      if (response.statusCode !== 200) {
        await response.body.dump();
        return failed(`the metrics endpoint answered with status ${response.statusCode}`, since(started));
      }
      text =
        (await readWholeBody(response, { limit: MAX_SCRAPE_BYTES, limitName: 'the scrape limit of 16 MiB', keepText: true, signal, timeoutMs, target: url })) ??
        '';
    } catch (error) {
      if (!(error instanceof BodyProblem)) return failed(describeNetworkError(error, { target: url, timeoutMs }), since(started));
      // Nothing of a partial scrape is kept: its samples would be a wrong picture, not a partial one.
      return failed(error.kind === 'cut_short' ? `the scrape was cut short: ${error.message}` : error.message, since(started));
    }
    // The format ends every line with a newline: text that stops mid-line was cut short (a body
    // without Content-Length or chunks ends where the connection closed, so this is the only sign).
    if (text !== '' && !text.endsWith('\n')) {
      const last = excerptOf(text.slice(text.lastIndexOf('\n') + 1));
      return failed(
        `the scrape was cut short: its last line has no newline${last === null ? '' : ` (${last})`}; the text format ends every line with one`,
        since(started),
      );
    }
    let samples;
    try {
      samples = parseExposition(text);
    } catch (error) {
      return failed(`the metrics are not in Prometheus text format: ${(error as Error).message}`, since(started));
    }
    if (samples.length > MAX_SCRAPE_SAMPLES)
      return failed(`the scrape returned ${samples.length} samples, over the limit of ${MAX_SCRAPE_SAMPLES}`, since(started));
    samples.push({ name: 'scrape_samples_scraped', value: samples.length });
    return passed(since(started), samples);
  };
}
