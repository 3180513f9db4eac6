import type { Principal } from '../../shared/auth/principal';
import type { EventMap } from '../../shared/contract/define';
import { maskSecrets } from './secret-masking';

/** What an event gate answers for a subscriber who may not have an event. */
export const WITHHELD = Symbol('withheld');

export type EventGate = (principal: Principal, name: string, payload: unknown) => unknown;

/**
 * Events are filtered like commands: a subscriber receives an event only with the permission the
 * contract declares for it (terminal output needs shell), masked unless it may see secrets. The
 * masked copy of a payload is made once and shared by every subscriber that needs it.
 */
export function createEventGate(events: EventMap): EventGate {
  const masked = new WeakMap<object, unknown>();
  return (principal, name, payload) => {
    const spec = Object.hasOwn(events, name) ? events[name] : undefined;
    if (spec === undefined || !principal.permissions.has(spec.permission)) return WITHHELD;
    if (principal.permissions.has('secrets') || typeof payload !== 'object' || payload === null) {
      return typeof payload === 'string' && !principal.permissions.has('secrets') ? maskSecrets(payload) : payload;
    }
    let copy = masked.get(payload);
    if (copy === undefined) {
      copy = maskSecrets(payload);
      masked.set(payload, copy);
    }
    return copy;
  };
}
