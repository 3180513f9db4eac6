import type { AssistantCommand } from '../../../shared/contract/assistant-plan';
import type { ModelLookup } from '../../../shared/types/assistant-answer';
import { maskSecrets } from '../../auth/secret-masking';
import { chatCompletion, ModelUnavailable, type ChatMessage, type ModelEndpoint, type ToolCall } from './chat-completions';
import { checkProposal, modelTools, PROPOSE_TOOL } from './model-tools';

/** A look-up's result is cut here: enough for a model's context, never a whole log store. */
const MAX_RESULT_CHARS = 12_000;

export interface ModelAnswerDeps {
  endpoint: ModelEndpoint;
  maxLookups: number;
  /** Runs a read-only command as the person asking (their permissions hold). */
  lookup(command: string, input: unknown): Promise<unknown>;
  /** What the model is told about the workspace and the time. */
  context: { workspace: string; services: string[]; environment: string | null; now: number };
  fetchImpl?: typeof fetch;
}

export interface ModelAnswer {
  text: string;
  lookups: ModelLookup[];
  proposals: AssistantCommand[];
}

function systemPrompt(context: ModelAnswerDeps['context']): string {
  return [
    "You are the assistant of Zervigo, an operator's console for the services of one workspace.",
    `Workspace: ${context.workspace}. Services: ${context.services.join(', ') || '(none)'}.${context.environment === null ? '' : ` Environment: ${context.environment}.`}`,
    `Now: ${new Date(context.now).toISOString()}.`,
    'Answer briefly, in the language of the question. Look facts up with the tools; never invent a figure, a name or a cause. Say which look-up each claim comes from. If the look-ups do not show it, say you do not know.',
    `You cannot change anything yourself: to restart, stop, start, acknowledge, silence, run a job or deploy, call ${PROPOSE_TOOL}; the operator sees the proposal and confirms it.`,
  ].join('\n');
}

/**
 * Answers a question with the configured model: it may call read-only commands as tools (at most
 * `maxLookups`), and propose changes, which are checked against the contract and handed back, never
 * run. Results sent to the model are masked whoever asks, so no secret leaves for the endpoint.
 * Throws ModelUnavailable when the model is down, slow or answers garbage.
 */
export async function answerWithModel(question: string, deps: ModelAnswerDeps): Promise<ModelAnswer> {
  const tools = modelTools();
  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt(deps.context) },
    { role: 'user', content: question },
  ];
  const lookups: ModelLookup[] = [];
  const proposals: AssistantCommand[] = [];
  // One turn per round of tool calls, and a last one without tools, where it must answer.
  for (let turn = 0; turn <= deps.maxLookups + 1; turn++) {
    const mayCall = lookups.length < deps.maxLookups && turn <= deps.maxLookups;
    const reply = await chatCompletion(deps.endpoint, { messages, ...(mayCall ? { tools: tools.definitions } : {}) }, deps.fetchImpl);
    if (reply.toolCalls.length === 0 || !mayCall) {
      const text = reply.content?.trim() ?? '';
      if (text === '') throw new ModelUnavailable(`the model at ${deps.endpoint.url} gave no answer`);
      return { text, lookups, proposals };
    }
    messages.push({ role: 'assistant', content: reply.content, tool_calls: reply.toolCalls });
    for (const call of reply.toolCalls) {
      messages.push({ role: 'tool', tool_call_id: call.id, content: await runTool(call) });
    }
  }
  throw new ModelUnavailable(`the model at ${deps.endpoint.url} kept calling tools without answering`);

  async function runTool(call: ToolCall): Promise<string> {
    let input: unknown;
    try {
      input = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
    } catch {
      return toolError(`the arguments of ${call.function.name} are not JSON`);
    }
    if (call.function.name === PROPOSE_TOOL) {
      const checked = checkProposal(input);
      if (!checked.ok) return toolError(checked.error);
      proposals.push(checked.proposal);
      return JSON.stringify({ proposed: checked.proposal, note: 'shown to the operator to confirm; not run' });
    }
    const command = tools.lookupOf(call.function.name);
    if (command === undefined) {
      lookups.push({ command: call.function.name, input, ok: false, error: 'not a read-only command' });
      return toolError(`${call.function.name} is not a tool here; changes go through ${PROPOSE_TOOL}`);
    }
    if (lookups.length >= deps.maxLookups) return toolError('no more look-ups for this question; answer with what you have');
    try {
      const result = await deps.lookup(command, input);
      lookups.push({ command, input, ok: true });
      return truncate(JSON.stringify(maskSecrets(result) ?? null));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      lookups.push({ command, input, ok: false, error: message });
      return toolError(message);
    }
  }
}

function toolError(message: string): string {
  return JSON.stringify({ error: message });
}

function truncate(text: string): string {
  return text.length <= MAX_RESULT_CHARS ? text : `${text.slice(0, MAX_RESULT_CHARS)}… (cut at ${MAX_RESULT_CHARS.toLocaleString('en-US')} characters)`;
}
