import { DeliveryError, isPermanentNetworkError, isRetryableStatus, networkReason } from './delivery-error';

const TIMEOUT_MS = 10_000;

/** POSTs JSON; a 2xx is delivered, a retryable status or network failure is retried, other statuses are not. */
export async function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Zervigo', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    throw new DeliveryError(networkReason(error), isPermanentNetworkError(error));
  }
  const text = (await response.text().catch(() => '')).slice(0, 200).trim();
  if (response.ok) return `HTTP ${response.status}${text === '' ? '' : ` ${text}`}`;
  throw new DeliveryError(`HTTP ${response.status}${text === '' ? '' : `: ${text}`}`, !isRetryableStatus(response.status));
}
