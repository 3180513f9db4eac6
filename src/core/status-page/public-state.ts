import type { ServiceStatus } from '../../shared/types/service';
import type { PublicServiceState } from '../../shared/types/status-page';

/** A service's status in a visitor's words: nothing about restarts, dependencies or who stopped it. */
export function publicStateOf(status: ServiceStatus | undefined): PublicServiceState {
  switch (status) {
    case 'up':
    case 'running':
      return 'operational';
    case 'pending':
    case 'starting':
    case 'waiting':
    case 'restarting':
      return 'degraded';
    case 'down':
    case 'given_up':
      return 'down';
    default:
      return 'unknown';
  }
}

/** The page's headline: the worst state among services that report one. */
export function overallState(states: readonly PublicServiceState[]): PublicServiceState {
  if (states.includes('down')) return 'down';
  if (states.includes('degraded')) return 'degraded';
  if (states.includes('operational')) return 'operational';
  return 'unknown';
}
