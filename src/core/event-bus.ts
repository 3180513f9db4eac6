import type { EventName, EventPayload } from '../shared/contract';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;
type AnyListener = (name: EventName, payload: unknown) => void;

/**
 * Every state change of the engine is published here; the transports forward what their
 * clients subscribed to. A throwing listener is reported, never allowed to stop the others.
 */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly anyListeners = new Set<AnyListener>();

  constructor(private readonly onListenerError: (error: unknown, name: EventName) => void = () => {}) {}

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(name) ?? []) this.call(name, () => listener(payload));
    for (const listener of this.anyListeners) this.call(name, () => listener(name, payload));
  }

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const untyped = listener as (payload: unknown) => void;
    set.add(untyped);
    return () => set.delete(untyped);
  }

  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  private call(name: EventName, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.onListenerError(error, name);
    }
  }
}
