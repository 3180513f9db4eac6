import type { CommandMap } from '../shared/contract/define';
import type { Dispatcher } from '../core/dispatch';
import type { Engine } from '../core/engine';
import { commands, isEventName } from '../shared/contract';

/**
 * What the HTTP transport needs from an engine. Kept this small so the transport can be
 * tested with any contract (a command added once must reach both transports the same way).
 */
export interface ServerBackend {
  commands: CommandMap;
  dispatch: Dispatcher;
  isEventName(name: string): boolean;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

export function engineBackend(engine: Engine): ServerBackend {
  return {
    commands,
    dispatch: engine.dispatch,
    isEventName,
    onEvent: (listener) => engine.bus.onAny(listener),
  };
}
