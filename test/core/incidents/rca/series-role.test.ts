import { describe, expect, it } from 'vitest';
import { receivedTrafficFell } from '../../../../src/core/incidents/rca/series-role';

describe('series role', () => {
  it('reads a fall in the requests a service receives as traffic that stopped reaching it, and nothing else as that', () => {
    const fell = { peak: 27, baselineMedian: 59.5 };
    const rose = { peak: 120, baselineMedian: 18 };
    expect(receivedTrafficFell('fault_service_requests_total', fell)).toBe(true);
    expect(receivedTrafficFell('http_requests_total', fell)).toBe(true);
    expect(receivedTrafficFell('nginx_http_requests_per_second', fell)).toBe(true);
    // More requests (a retry storm), errors or timings falling, and other series are not it.
    expect(receivedTrafficFell('fault_service_requests_total', rose)).toBe(false);
    expect(receivedTrafficFell('http_requests_failed_total', fell)).toBe(false);
    expect(receivedTrafficFell('fault_service_upstream_errors_total', fell)).toBe(false);
    expect(receivedTrafficFell('http_request_duration_seconds', fell)).toBe(false);
    expect(receivedTrafficFell('probe_success', fell)).toBe(false);
    expect(receivedTrafficFell('process_cpu_usage_percent', fell)).toBe(false);
  });
});
