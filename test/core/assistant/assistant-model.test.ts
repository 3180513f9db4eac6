import { afterEach, describe, expect, it } from 'vitest';
import { answerWithModel } from '../../../src/core/assistant/model/model-answer';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { CallContext } from '../../../src/shared/contract';
import type { AssistantAnswer } from '../../../src/shared/types/assistant-answer';
import type { AuditEntry } from '../../../src/shared/types/operate';
import type { ServiceView } from '../../../src/shared/types/service';
import { ChatCompletionsServer, type ChatReply, type ChatRequest } from '../../helpers/chat-completions-server';
import { freePort } from '../../helpers/free-port';
import { contextAs } from '../../helpers/principals';
import { tempDir, writeFile } from '../../helpers/temp-dir';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const system: CallContext = { actor: 'assistant-model-test', transport: 'internal' };
const FREE_FORM = 'is anything unhealthy right now, and what should I do about it?';
const KEY = 'sk-local-test-key-0123456789abcdef';

function start(modelUrl: string | null, extra = ''): Engine {
  const model = modelUrl === null ? '' : `assistant:\n  model: { url: "${modelUrl}", model: local-llm, api_key: "\${LLM_KEY}", timeout: 2s${extra} }\n`;
  const file = writeFile(
    tempDir(),
    'zervigo.yaml',
    `version: 1
name: shop
machine: false
services:
  api: { start: [sleep, "60"], autostart: false }
  db: { start: [sleep, "60"], autostart: false }
${model}`,
  );
  const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: { LLM_KEY: KEY } });
  engines.push(engine);
  return engine;
}

const ask = async (engine: Engine, question: string, context: CallContext = system): Promise<AssistantAnswer> =>
  (await engine.dispatch('assistant.ask', { question }, context)) as AssistantAnswer;

/** The tool messages the model was sent back, each with the name of the tool it had called. */
function toolMessages(request: ChatRequest): { name: string; content: string }[] {
  const names = new Map<string, string>();
  for (const message of request.body.messages) for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
  return request.body.messages
    .filter((message) => message.role === 'tool')
    .map((message) => ({ name: names.get(message.tool_call_id ?? '') ?? '?', content: message.content ?? '' }));
}

/** The same, by tool name (for tools called once). */
const toolResults = (request: ChatRequest): Record<string, string> =>
  Object.fromEntries(toolMessages(request).map((message) => [message.name, message.content]));

describe('assistant.ask with a model on 127.0.0.1 (OpenAI-compatible)', () => {
  it('answers a free-form question after looking things up through read-only commands, as the caller', async () => {
    const model = await ChatCompletionsServer.start((_request, index): ChatReply =>
      index === 0
        ? {
            toolCalls: [
              { name: 'services_list', arguments: {} },
              { name: 'alerts_list', arguments: {} },
            ],
          }
        : { content: 'Nothing is firing; api and db are stopped (services_list).' },
    );
    const engine = start(model.url);
    const answer = await ask(engine, FREE_FORM, contextAs('viewer'));
    expect(answer).toEqual({
      source: 'model',
      model: 'local-llm',
      text: 'Nothing is firing; api and db are stopped (services_list).',
      lookups: [
        { command: 'services.list', input: {}, ok: true },
        { command: 'alerts.list', input: {}, ok: true },
      ],
      proposals: [],
    });
    const [first, second] = model.requests;
    expect(first?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(first?.body.model).toBe('local-llm');
    expect(first?.body.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(first?.body.messages[0]?.content).toContain('Services: api, db.');
    expect(first?.body.messages[1]?.content).toBe(FREE_FORM);
    const tools = first?.body.tools?.map((tool) => tool.function.name) ?? [];
    expect(tools).toEqual(expect.arrayContaining(['services_list', 'logs_search', 'metrics_query', 'incidents_list', 'propose_command']));
    expect(tools).not.toContain('services_restart');
    expect(tools).not.toContain('workspace_save');
    // What the engine really holds went back to the model.
    const results = toolResults(second!);
    const services = JSON.parse(results.services_list ?? 'null') as ServiceView[];
    expect(services.map((service) => service.name).sort()).toEqual(['api', 'db']);
    expect(JSON.parse(results.alerts_list ?? 'null')).toEqual([]);
  });

  it('proposes changes for confirmation and never runs them; a tool that is not a look-up is refused', async () => {
    const model = await ChatCompletionsServer.start((_request, index): ChatReply => {
      if (index === 0)
        return {
          toolCalls: [
            { name: 'services_restart', arguments: { services: ['api'] } },
            { name: 'propose_command', arguments: { command: 'services.restart', input: { services: ['api'] }, reason: 'it is stopped' } },
            { name: 'propose_command', arguments: { command: 'workspace.save', input: { content: 'version: 1' } } },
            { name: 'propose_command', arguments: { command: 'services.start', input: { servces: ['api'] } } },
          ],
        };
      return { content: 'I proposed restarting api.' };
    });
    const engine = start(model.url);
    const answer = await ask(engine, 'please get api going again if it looks stuck');
    if (answer.source !== 'model') throw new Error(`expected the model's answer, got ${JSON.stringify(answer)}`);
    expect(answer.proposals).toEqual([{ command: 'services.restart', input: { services: ['api'] } }]);
    expect(answer.lookups).toEqual([{ command: 'services_restart', input: { services: ['api'] }, ok: false, error: 'not a read-only command' }]);
    const results = toolMessages(model.requests[1]!).map((message) => message.content);
    expect(results.some((result) => result.includes('not a tool here'))).toBe(true);
    expect(results.some((result) => result.includes('workspace.save\\" is not a command that can be proposed'))).toBe(true);
    expect(results.some((result) => result.includes('invalid input for services.start'))).toBe(true);
    // Nothing ran: api is still stopped and the audit log holds no restart.
    const api = (await engine.dispatch('services.get', { service: 'api' }, system)) as ServiceView;
    expect(api.status).toBe('stopped');
    const audit = (await engine.dispatch('audit.list', {}, system)) as { entries: AuditEntry[] } | AuditEntry[];
    const entries = Array.isArray(audit) ? audit : audit.entries;
    expect(entries.filter((entry) => JSON.stringify(entry).includes('restart'))).toEqual([]);
  });

  it('answers offline what the parser understands, and when no model is configured, without a request', async () => {
    const model = await ChatCompletionsServer.start(() => ({ content: 'should not be asked' }));
    const withModel = start(model.url);
    expect(await ask(withModel, 'restart api')).toEqual({
      source: 'offline',
      plan: { commands: [{ command: 'services.restart', input: { services: ['api'] } }] },
    });
    const withoutModel = start(null);
    const answer = await ask(withoutModel, FREE_FORM);
    expect(answer).toMatchObject({ source: 'offline', plan: { none: expect.any(String) as string } });
    expect(answer).not.toHaveProperty('notice');
    expect(model.requests).toEqual([]);
  });

  it('falls back to the offline assistant, saying why, when the model is down, slow or answers garbage', async () => {
    const down = start(`http://127.0.0.1:${await freePort()}/v1`);
    expect(await ask(down, FREE_FORM)).toMatchObject({
      source: 'offline',
      plan: { none: expect.any(String) as string },
      notice: expect.stringMatching(/could not be reached \(ECONNREFUSED\); answered offline$/) as string,
    });

    const slow = start((await ChatCompletionsServer.start(() => ({ hang: true }))).url);
    expect(await ask(slow, FREE_FORM)).toMatchObject({ source: 'offline', notice: expect.stringContaining('did not answer within 2 s') as string });

    const html = start((await ChatCompletionsServer.start(() => ({ status: 200, body: '<html>captive portal</html>', contentType: 'text/html' }))).url);
    expect(await ask(html, FREE_FORM)).toMatchObject({ source: 'offline', notice: expect.stringContaining('not JSON: <html>captive portal</html>') as string });

    const wrongShape = start((await ChatCompletionsServer.start(() => ({ status: 200, body: '{"choices":[]}', contentType: 'application/json' }))).url);
    expect(await ask(wrongShape, FREE_FORM)).toMatchObject({ source: 'offline', notice: expect.stringContaining('not a chat completion') as string });

    const refusing = start((await ChatCompletionsServer.start(() => ({ status: 401, body: '{"error":"invalid api key"}' }))).url);
    expect(await ask(refusing, FREE_FORM)).toMatchObject({
      source: 'offline',
      notice: expect.stringContaining('answered HTTP 401: {"error":"invalid api key"}') as string,
    });

    const silent = start((await ChatCompletionsServer.start(() => ({ content: '   ' }))).url);
    expect(await ask(silent, FREE_FORM)).toMatchObject({ source: 'offline', notice: expect.stringContaining('gave no answer') as string });
  });

  it('stops the look-ups at max_lookups and asks for the answer without tools', async () => {
    const model = await ChatCompletionsServer.start((request): ChatReply =>
      request.body.tools === undefined ? { content: 'Enough looking: both are stopped.' } : { toolCalls: [{ name: 'services_list', arguments: {} }] },
    );
    const engine = start(model.url, ', max_lookups: 2');
    const answer = await ask(engine, FREE_FORM);
    expect(answer).toMatchObject({ source: 'model', text: 'Enough looking: both are stopped.' });
    if (answer.source === 'model') expect(answer.lookups).toHaveLength(2);
    expect(model.requests.map((request) => request.body.tools === undefined)).toEqual([false, false, true]);
  });

  it('refuses a model that is not an http(s) URL at workspace load, naming the line', () => {
    const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nmachine: false\nassistant:\n  model: { url: "ftp://127.0.0.1/v1", model: x }\n');
    expect(() => Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {} })).toThrow(
      /zervigo\.yaml:4:17: assistant\.model\.url: the model URL must use http or https/,
    );
  });
});

describe('what a model is sent', () => {
  it('masks secrets in look-up results whoever asks, and cuts a huge result', async () => {
    const model = await ChatCompletionsServer.start((_request, index): ChatReply =>
      index === 0
        ? {
            toolCalls: [
              { name: 'services_get', arguments: { service: 'api' } },
              { name: 'logs_search', arguments: { query: 'x' } },
            ],
          }
        : { content: 'done' },
    );
    await answerWithModel('what is in there?', {
      endpoint: { url: model.url, model: 'm', timeoutMs: 2_000 },
      maxLookups: 4,
      lookup: async (command) =>
        command === 'logs.search' ? { lines: 'y'.repeat(50_000) } : { DB_PASSWORD: 'hunter2', line: 'token ghp_abcdefghijklmnopqrstuvwxyz0123' },
      context: { workspace: 'w', services: [], environment: null, now: 0 },
    });
    const sent = JSON.stringify(model.requests[1]?.body.messages);
    expect(sent).not.toContain('hunter2');
    expect(sent).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123');
    const results = toolResults(model.requests[1]!);
    expect(results.logs_search?.length).toBeLessThan(12_200);
    expect(results.logs_search).toMatch(/cut at 12,000 characters\)$/);
  });
});
