import type { AlertView } from '../../src/shared/types/alerts';
import type { ServiceView } from '../../src/shared/types/service';
import type { WorkspaceView } from '../../src/shared/types/workspace';

/** What the bench reads from, and does through, a running `zervigo serve` (REST, with its token). */
export class ConsoleApi {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async call<T>(method: 'GET' | 'POST' | 'PUT', route: string, body?: unknown): Promise<T> {
    const response = await this.raw(method, route, body);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /api/v1${route} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  raw(method: 'GET' | 'POST' | 'PUT', route: string, body?: unknown): Promise<Response> {
    return fetch(`${this.url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  }

  services(): Promise<ServiceView[]> {
    return this.call('GET', '/services');
  }

  alerts(): Promise<AlertView[]> {
    return this.call('GET', '/alerts?state=all');
  }

  async startAll(): Promise<void> {
    await this.call('POST', '/services/start', { services: [] });
  }

  /**
   * Asks for a restart without waiting for it: the call answers once the service is ready again,
   * which a broken service never is. A refusal is reported; the wait is not.
   */
  restart(service: string): void {
    this.call('POST', '/services/restart', { services: [service] }).catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'TimeoutError'))
        process.stderr.write(`restart ${service}: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  }

  /** A new workspace text saved through Zervigo, as an operator's edit is (a version in its history). */
  async saveWorkspace(content: string): Promise<WorkspaceView> {
    const current = await this.call<WorkspaceView>('GET', '/workspace');
    return this.call<WorkspaceView>('PUT', '/workspace', { content, baseVersionId: current.versionId });
  }

  /** query_range: each series' labels and its [unix s, value] points. */
  async range(query: string, startMs: number, endMs: number, stepSeconds = 1): Promise<{ metric: Record<string, string>; values: [number, number][] }[]> {
    const params = new URLSearchParams({ query, start: String(startMs / 1000), end: String(endMs / 1000), step: `${stepSeconds}s` });
    const data = await this.call<{ result: { metric: Record<string, string>; values: [number, string][] }[] }>('GET', `/metrics?${params.toString()}`);
    return data.result.map((series) => ({ metric: series.metric, values: series.values.map(([time, value]) => [time, Number(value)] as [number, number]) }));
  }
}
