import { useEffect, useState } from 'react';
import type { AssistantPlan } from '../../../../shared/contract/assistant-plan';
import { useBridge } from '../../bridge/use-bridge';

/** Typing is read after a pause this long: one parse per thought, not per key. */
const PAUSE_MS = 150;

export interface ParsedSentence {
  text: string;
  plan: AssistantPlan;
}

/**
 * What the assistant makes of the palette's text (`assistant.parse`: offline, runs nothing), for
 * text that reads as a sentence rather than a page's first letters. Null until it answers, and
 * for a stale answer (the text changed since).
 */
export function useAssistantPlan(text: string): ParsedSentence | null {
  const bridge = useBridge();
  const [parsed, setParsed] = useState<ParsedSentence | null>(null);
  const wanted = text.trim();
  useEffect(() => {
    if (wanted.length < 3) return;
    let stale = false;
    const timer = setTimeout(() => {
      bridge.invoke('assistant.parse', { text: wanted, utcOffsetMinutes: -new Date().getTimezoneOffset() }).then(
        (plan) => {
          if (!stale) setParsed({ text: wanted, plan });
        },
        // The palette still finds pages and services; a parse that failed offers nothing more.
        () => undefined,
      );
    }, PAUSE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [bridge, wanted]);
  return parsed !== null && parsed.text === wanted ? parsed : null;
}
