import { z } from 'zod';
import type { AssistantAnswer } from '../types/assistant-answer';
import type { AssistantPlan } from './assistant-plan';
import { command, returns } from './define';

/** Commands are sentences; anything this long is not one, and the parser says so. */
export const MAX_ASSISTANT_TEXT = 2_000;

const durationText = z.string().regex(/^(\d+(ms|s|m|h|d|w))+$/, 'write a duration like 30m, 1h or 2d');

/**
 * What "why is api down?", "what changed before web got slow?" or "what happened last night?"
 * asks. The assistant's parser produces it; the explanation itself (evidence, causes) is the
 * root-cause part's, which will take exactly this as the input of `assistant.explain`.
 */
export const ExplainRequestSchema = z.strictObject({
  question: z.enum(['why', 'what_changed', 'what_happened']),
  service: z.string().min(1).max(200).optional(),
  alert: z.string().min(1).max(200).optional(),
  symptom: z.enum(['down', 'slow', 'errors', 'restarting', 'firing']).optional(),
  /** The last this long, e.g. "1h"; or start/end as ISO 8601 times. */
  range: durationText.optional(),
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional(),
});

export type ExplainRequest = z.infer<typeof ExplainRequestSchema>;

export const assistantCommands = {
  'assistant.parse': command({
    permission: 'view',
    input: z.strictObject({
      text: z.string().max(MAX_ASSISTANT_TEXT, `the text is over ${MAX_ASSISTANT_TEXT.toLocaleString('en-US')} characters`),
      /** The caller's UTC offset for times such as "since 3am" (default: the engine's). */
      utcOffsetMinutes: z.number().int().min(-840).max(840).optional(),
    }),
    output: returns<AssistantPlan>(),
    rest: 'POST /assistant/parse',
    summary: 'What a sentence (English or Chinese) would do, as contract commands, a question or nothing; runs nothing',
  }),
  'assistant.ask': command({
    permission: 'view',
    input: z.strictObject({
      question: z
        .string()
        .min(1, 'ask something')
        .max(MAX_ASSISTANT_TEXT, `the question is over ${MAX_ASSISTANT_TEXT.toLocaleString('en-US')} characters`),
      utcOffsetMinutes: z.number().int().min(-840).max(840).optional(),
    }),
    output: returns<AssistantAnswer>(),
    rest: 'POST /assistant/ask',
    summary:
      "A free-form question: the offline parser's plan when it understands it, else the configured model's answer (read-only look-ups, proposals to confirm); runs nothing",
  }),
};
