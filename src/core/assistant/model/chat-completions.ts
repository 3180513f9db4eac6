import { z } from 'zod';

/** One message of an OpenAI-style chat (the subset Zervigo sends and reads back). */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface ModelEndpoint {
  /** The API base, e.g. http://127.0.0.1:11434/v1. */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/** What the model said in one turn: text, or tools it wants called. */
export interface ModelTurn {
  content: string | null;
  toolCalls: ToolCall[];
}

/** The model could not be used for this question: down, slow, refused or answering garbage. */
export class ModelUnavailable extends Error {
  override readonly name = 'ModelUnavailable';
}

// Read loosely (endpoints add fields of their own), but what is used must have its shape.
const ChatCompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z
            .array(z.object({ id: z.string(), type: z.literal('function').optional(), function: z.object({ name: z.string(), arguments: z.string() }) }))
            .nullish(),
        }),
      }),
    )
    .min(1),
});

const BODY_EXCERPT = 200;

/**
 * One call of POST {url}/chat/completions, as OpenAI, Ollama, llama.cpp's server, vLLM and LM
 * Studio all answer it. Every way it can fail becomes a ModelUnavailable saying which, so the
 * caller can fall back to the offline assistant with that message.
 */
export async function chatCompletion(
  endpoint: ModelEndpoint,
  request: { messages: ChatMessage[]; tools?: ToolDefinition[] },
  fetchImpl: typeof fetch = fetch,
): Promise<ModelTurn> {
  const url = `${endpoint.url.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (endpoint.apiKey !== undefined) headers.authorization = `Bearer ${endpoint.apiKey}`;
  const body = {
    model: endpoint.model,
    messages: request.messages,
    stream: false,
    ...(request.tools?.length ? { tools: request.tools, tool_choice: 'auto' } : {}),
  };
  const signal = AbortSignal.timeout(endpoint.timeoutMs);
  let text: string;
  let status: number;
  try {
    const response = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify(body), signal, redirect: 'error' });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (signal.aborted) throw new ModelUnavailable(`the model at ${endpoint.url} did not answer within ${formatSeconds(endpoint.timeoutMs)}`);
    throw new ModelUnavailable(`the model at ${endpoint.url} could not be reached (${causeOf(error)})`);
  }
  if (status < 200 || status > 299) throw new ModelUnavailable(`the model at ${endpoint.url} answered HTTP ${status}: ${excerpt(text)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelUnavailable(`the model at ${endpoint.url} answered something that is not JSON: ${excerpt(text)}`);
  }
  const parsed = ChatCompletionSchema.safeParse(json);
  if (!parsed.success) throw new ModelUnavailable(`the model at ${endpoint.url} answered something that is not a chat completion: ${excerpt(text)}`);
  const message = parsed.data.choices[0]!.message;
  const toolCalls = (message.tool_calls ?? []).map((call): ToolCall => ({ id: call.id, type: 'function', function: call.function }));
  return { content: message.content ?? null, toolCalls };
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) return 'code' in cause && typeof cause.code === 'string' ? cause.code : cause.message;
  return String(cause);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty)';
  return flat.length > BODY_EXCERPT ? `${flat.slice(0, BODY_EXCERPT)}…` : flat;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
