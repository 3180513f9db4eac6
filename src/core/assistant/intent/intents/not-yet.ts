import type { IntentDefinition } from './intent';

/**
 * Delete, upgrade, migrate, install: recognised so the answer is a clear "not (yet)" rather than
 * a guess at something nearby. An issue that adds one replaces its words here with an intent.
 */
export const notYetIntent: IntentDefinition = {
  name: 'not-yet',
  triggers: [],
  score: (clause) => (clause.hasAny('unsupported', 'restore') ? 1 : 0),
  plan(clause) {
    const word = clause.words.find((entry) => entry.concepts.has('unsupported') || entry.concepts.has('restore'))?.token.text ?? 'that';
    return {
      kind: 'none',
      notYet: true,
      message: `Zervigo cannot "${word}" from a sentence (yet). It can restart, stop, start, reset or scale services, deploy and roll them back, run jobs, silence and acknowledge alerts, show logs and metrics, open terminals, switch environments and test channels.`,
    };
  },
};
