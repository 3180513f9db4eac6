import type { AlertmanagerConfig } from '../../config/schema/fleet';
import { authorizationHeaders } from '../http-auth';
import { networkWords } from '../network-words';
import type { PostableAlert } from './alertmanager-alerts';

const TIMEOUT_MS = 10_000;

/** Alertmanager's API v2 over HTTP: post alerts, read silences. Failures come back as sentences. */
export class AlertmanagerClient {
  readonly base: string;

  constructor(readonly config: AlertmanagerConfig) {
    this.base = config.url.replace(/\/+$/, '');
  }

  async postAlerts(alerts: readonly PostableAlert[]): Promise<void> {
    await this.request('POST', '/api/v2/alerts', JSON.stringify(alerts));
  }

  async silences(): Promise<unknown> {
    return JSON.parse(await this.request('GET', '/api/v2/silences'));
  }

  private async request(method: 'GET' | 'POST', route: string, body?: string): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${route}`, {
        method,
        headers: {
          ...this.config.headers,
          ...authorizationHeaders(this.config),
          'user-agent': 'Zervigo',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      throw new Error(`Alertmanager ${this.base} is unreachable: ${networkWords(error)}`, { cause: error });
    }
    const text = await response.text().catch(() => '');
    if (!response.ok)
      throw new Error(`Alertmanager ${this.base} answered HTTP ${response.status}${text.trim() === '' ? '' : `: ${text.trim().slice(0, 200)}`}`);
    return text;
  }
}
