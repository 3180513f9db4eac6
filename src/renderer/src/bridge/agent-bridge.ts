import type { CommandName, EventName } from '../../../shared/contract';
import type { AgentEvent } from '../../../shared/types/fleet';
import type { RendererBridge } from './renderer-bridge';

/** agents.follow keeps an event relayed for 60 s: asked again well before. */
const FOLLOW_AGAIN_MS = 45_000;

/**
 * What stays with the console when its pages show an agent: who is signed in here (the console
 * decides what the caller may forward) and the console's own fleet commands.
 */
const CONSOLE_COMMANDS: ReadonlySet<string> = new Set(['auth.me', 'agents.list', 'agents.call', 'agents.follow']);

export interface AgentBridge extends RendererBridge {
  readonly agent: string;
  /** Stops following the agent's events. */
  close(): void;
}

/**
 * The console's pages pointed at one agent: every command goes to the agent through
 * `agents.call` (the console checks the caller's permission, the agent runs it as its own), and
 * each event a page subscribes to is followed on the agent (`agents.follow`, renewed before its
 * lease ends) and delivered from the console's `agents.event`. Signing in and the link's state
 * are the console's.
 */
export function agentBridge(consoleBridge: RendererBridge, agent: string): AgentBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const follow = (names: string[]): void => {
    // One call per event: an event the caller may not see is refused alone, not with the others.
    for (const name of names)
      consoleBridge.invoke('agents.follow', { agent, events: [name] }).catch((error: unknown) => console.warn(`agents.follow ${agent} ${name} failed`, error));
  };
  const stopRelay = consoleBridge.subscribe('agents.event', (event: AgentEvent) => {
    if (event.agent !== agent) return;
    for (const listener of listeners.get(event.name) ?? []) listener(event.payload);
  });
  const renew = setInterval(() => follow([...listeners.keys()]), FOLLOW_AGAIN_MS);

  return {
    agent,
    kind: consoleBridge.kind,
    connection: consoleBridge.connection,
    signIn: (credentials) => consoleBridge.signIn(credentials),
    singleSignOn: () => consoleBridge.singleSignOn(),
    signOut: () => consoleBridge.signOut(),
    invoke: ((name: CommandName, input?: unknown) =>
      CONSOLE_COMMANDS.has(name)
        ? consoleBridge.invoke(name as 'auth.me', input as undefined)
        : consoleBridge.invoke('agents.call', { agent, command: name, ...(input === undefined ? {} : { input }) })) as RendererBridge['invoke'],
    subscribe: ((name: EventName, listener: (payload: unknown) => void) => {
      let set = listeners.get(name);
      if (set === undefined) {
        set = new Set();
        listeners.set(name, set);
        follow([name]);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        // The lease lapses on the console by itself once no one asks again.
        if (set.size === 0) listeners.delete(name);
      };
    }) as RendererBridge['subscribe'],
    close: () => {
      clearInterval(renew);
      stopRelay();
      listeners.clear();
    },
  };
}
