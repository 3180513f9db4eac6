import { useEffect, useState } from 'react';
import type { AssistantPlan } from '../../../../shared/contract/assistant-plan';
import type { RendererBridge } from '../../bridge/renderer-bridge';

/** Typing is read after a pause this long: one parse per thought, not per key. */
const PAUSE_MS = 150;

export interface ParsedSentence {
  text: string;
  plan: AssistantPlan;
  /** Whose workspace named its services: this console's (LOCAL_HOST) or the agent's whose pages are shown. */
  host: string;
}

/**
 * What the assistant makes of the palette's text (`assistant.parse`: offline, runs nothing), for
 * text that reads as a sentence rather than a page's first letters, asked of `host` (through its
 * `bridge`: on an agent's pages the agent's workspace names the services). Null until it answers,
 * and for a stale answer (the text or the host changed since).
 */
export function useAssistantPlan(text: string, bridge: RendererBridge, host: string): ParsedSentence | null {
  const [parsed, setParsed] = useState<ParsedSentence | null>(null);
  const wanted = text.trim();
  useEffect(() => {
    if (wanted.length < 3) return;
    let stale = false;
    const timer = setTimeout(() => {
      bridge.invoke('assistant.parse', { text: wanted, utcOffsetMinutes: -new Date().getTimezoneOffset() }).then(
        (plan) => {
          // An agent answers through agents.call, typed unknown: one that is not a plan offers nothing.
          if (!stale && typeof plan === 'object' && plan !== null) setParsed({ text: wanted, plan, host });
        },
        // The palette still finds pages and services; a parse that failed offers nothing more.
        () => undefined,
      );
    }, PAUSE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [bridge, wanted, host]);
  return parsed !== null && parsed.text === wanted && parsed.host === host ? parsed : null;
}
