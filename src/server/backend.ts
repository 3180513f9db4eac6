import type { CommandMap, EventMap } from '../shared/contract/define';
import type { Dispatcher } from '../core/dispatch';
import type { Engine } from '../core/engine';
import { commands, events, isEventName } from '../shared/contract';
import type { PublicStatusPage } from '../shared/types/status-page';
import { engineAuthGate, type AuthGate } from './auth/auth-gate';

/**
 * What the HTTP transport needs from an engine. Kept this small so the transport can be
 * tested with any contract (a command added once must reach both transports the same way).
 */
export interface ServerBackend {
  commands: CommandMap;
  /** The event map, for the permission each event needs. */
  events: EventMap;
  dispatch: Dispatcher;
  /** Who a request is: required, so no server runs without knowing its callers. */
  auth: AuthGate;
  isEventName(name: string): boolean;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** The public status page at a slug (its public fields only), or null; without it /status/ answers 404. */
  statusPage?(slug: string): PublicStatusPage | null;
  /** Records what the transport refused in this workspace's audit log (a credential of another workspace). */
  audit?(entry: { actor: string; action: string; target: string; outcome: 'refused'; message: string }): void;
}

export function engineBackend(engine: Engine): ServerBackend {
  return {
    commands,
    events,
    dispatch: engine.dispatch,
    auth: engineAuthGate(engine.auth),
    isEventName,
    onEvent: (listener) => engine.bus.onAny(listener),
    statusPage: (slug) => engine.statusPage.publicPage(slug),
    audit: (entry) => void engine.operate.audit.record(entry),
  };
}
