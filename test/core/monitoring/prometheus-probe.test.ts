import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../../src/core/monitoring/exposition-parser';
import { createPrometheusCheck } from '../../../src/core/monitoring/kinds/prometheus-probe';
import { startTarget } from '../../helpers/http-target';
import { runCheck, sampleValue, testAgents } from '../../helpers/run-check';

const exposition = `# HELP http_requests_total Requests served.
# TYPE http_requests_total counter
http_requests_total{method="get",code="200"} 1027
http_requests_total{method="post",code="500"} 3 1395066363000
# TYPE queue_depth gauge
queue_depth 12.5
# TYPE request_seconds histogram
request_seconds_bucket{le="0.1"} 24
request_seconds_bucket{le="+Inf"} 30
request_seconds_sum 2.5
request_seconds_count 30
# TYPE rpc_seconds summary
rpc_seconds{quantile="0.5"} 0.01
rpc_seconds_sum 1.5
rpc_seconds_count 100
label_escapes{path="C:\\\\dir",msg="say \\"hi\\"\\n"} 1
with_service_label{service="other"} 7
`;

describe('prometheus probe (scraping a real /metrics)', () => {
  it('flattens the text format the way Prometheus stores it', () => {
    const samples = parseExposition(exposition);
    expect(samples).toContainEqual({ name: 'http_requests_total', value: 1027, labels: { method: 'get', code: '200' } });
    expect(samples).toContainEqual({ name: 'queue_depth', value: 12.5, labels: {} });
    expect(samples).toContainEqual({ name: 'request_seconds_bucket', value: 30, labels: { le: '+Inf' } });
    expect(samples).toContainEqual({ name: 'request_seconds_count', value: 30, labels: {} });
    expect(samples).toContainEqual({ name: 'rpc_seconds', value: 0.01, labels: { quantile: '0.5' } });
    expect(samples).toContainEqual({ name: 'label_escapes', value: 1, labels: { path: 'C:\\dir', msg: 'say "hi"\n' } });
  });

  it('scrapes a service into series with their labels', async () => {
    const server = await startTarget({
      '/metrics': (_request, response) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition),
    });
    const result = await runCheck(createPrometheusCheck(`${server.url}/metrics`, 2_000, testAgents()), 2_000);
    expect(result).toMatchObject({ ok: true });
    expect(result.samples).toContainEqual({ name: 'http_requests_total', value: 3, labels: { method: 'post', code: '500' } });
    expect(sampleValue(result, 'scrape_samples_scraped')).toBe(12);
    expect(server.requests[0]?.headers.accept).toContain('text/plain;version=0.0.4');
  });

  it('fails with a reason on a bad status or text that is not the format', async () => {
    const server = await startTarget({
      '/metrics': (_request, response) => response.writeHead(200).end('this is {not metrics\nat all 1 2 3 4\n'),
    });
    expect(await runCheck(createPrometheusCheck(`${server.url}/missing`, 2_000, testAgents()), 2_000)).toMatchObject({
      ok: false,
      reason: 'the metrics endpoint answered with status 404',
    });
    const garbage = await runCheck(createPrometheusCheck(`${server.url}/metrics`, 2_000, testAgents()), 2_000);
    expect(garbage.ok).toBe(false);
    expect(garbage.reason).toMatch(/^the metrics are not in Prometheus text format/);
  });

  it('refuses a scrape over the sample limit', async () => {
    const many = `${Array.from({ length: 10_001 }, (_, i) => `series_${i} 1`).join('\n')}\n`;
    const server = await startTarget({ '/metrics': (_request, response) => response.writeHead(200).end(many) });
    expect(await runCheck(createPrometheusCheck(`${server.url}/metrics`, 5_000, testAgents()), 5_000)).toMatchObject({
      ok: false,
      reason: 'the scrape returned 10001 samples, over the limit of 10000',
    });
  });
});
