import { BodyTooLarge, readBodyCapped } from '../body-reader';
import { failed, passed, since, type ProbeCheck } from '../check-result';
import { parseExposition } from '../exposition-parser';
import type { HttpAgents } from '../http-agents';
import { loadUndici } from '../lazy-undici';
import { describeNetworkError } from '../network-error';

/** Bounds per scrape, so one misbehaving exporter cannot flood the store. */
export const MAX_SCRAPE_BYTES = 16 * 1024 * 1024;
export const MAX_SCRAPE_SAMPLES = 10_000;

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
      text = (await readBodyCapped(response, MAX_SCRAPE_BYTES, true, 'the scrape limit of 16 MiB')) ?? '';
    } catch (error) {
      return failed(error instanceof BodyTooLarge ? error.message : describeNetworkError(error, { target: url, timeoutMs }), since(started));
    }
    let samples;
    try {
      samples = parseExposition(text);
    } catch (error) {
      return failed(`the metrics are not in Prometheus text format: ${(error as Error).message}`, since(started));
    }
    if (samples.length > MAX_SCRAPE_SAMPLES) return failed(`the scrape returned ${samples.length} samples, over the limit of ${MAX_SCRAPE_SAMPLES}`, since(started));
    samples.push({ name: 'scrape_samples_scraped', value: samples.length });
    return passed(since(started), samples);
  };
}
