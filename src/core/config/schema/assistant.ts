import { z } from 'zod';
import { duration } from './primitives';

/** An http(s) URL: the base of an OpenAI-compatible API (…/v1), where /chat/completions is appended. */
const endpointUrl = z
  .url({ error: 'expected the API base URL, e.g. http://127.0.0.1:11434/v1 (Ollama)' })
  .refine((text) => /^https?:$/.test(new URL(text).protocol), 'the model URL must use http or https')
  .describe('The OpenAI-compatible API base, e.g. http://127.0.0.1:11434/v1 for a local Ollama; /chat/completions is appended.');

export const assistantModelSchema = z.strictObject({
  url: endpointUrl,
  model: z.string().min(1).max(200).describe('The model name the endpoint knows, e.g. llama3.1 or qwen2.5.'),
  api_key: z
    .string()
    .min(1)
    .optional()
    .describe('Sent as a Bearer token; write ${VAR} to keep it out of the file. Masked for everyone without the secrets permission.'),
  timeout: duration.prefault('30s').describe('How long one answer of the model may take before the offline assistant answers instead.'),
  max_lookups: z
    .number()
    .int()
    .min(0)
    .max(20)
    .default(6)
    .describe('At most this many read-only commands (services, alerts, logs, metrics, incidents) the model may call for one question.'),
});

export const assistantSchema = z.strictObject({
  model: assistantModelSchema
    .optional()
    .describe(
      'A model for free-form questions the offline assistant does not understand. Off unless set: nothing leaves the machine otherwise. It may call read-only commands as tools; anything that changes something is only proposed, for the operator to confirm.',
    ),
});
