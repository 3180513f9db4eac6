import http from 'node:http';
import type net from 'node:net';
import { afterEach } from 'vitest';

/** A request the server received: the chat as the client sent it. */
export interface ChatRequest {
  headers: http.IncomingHttpHeaders;
  body: {
    model: string;
    messages: { role: string; content: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
    tools?: { function: { name: string } }[];
  };
}

/** How the server answers one request: a turn of the model, a raw HTTP answer, or no answer at all. */
export type ChatReply =
  { content: string } | { toolCalls: { name: string; arguments: unknown }[] } | { status: number; body: string; contentType?: string } | { hang: true };

/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions API (POST
 * /v1/chat/completions), as Ollama or llama.cpp's server do, answering each request from a
 * script: what a local model would say, turn by turn, so the engine's side is tested for real.
 */
export class ChatCompletionsServer {
  readonly requests: ChatRequest[] = [];
  private readonly sockets = new Set<net.Socket>();
  private constructor(
    private readonly server: http.Server,
    private readonly script: (request: ChatRequest, index: number) => ChatReply,
  ) {}

  static async start(script: (request: ChatRequest, index: number) => ChatReply): Promise<ChatCompletionsServer> {
    let self: ChatCompletionsServer | null = null;
    const server = http.createServer((request, response) => self?.handle(request, response));
    self = new ChatCompletionsServer(server, script);
    server.on('connection', (socket) => {
      self?.sockets.add(socket);
      socket.on('close', () => self?.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(self);
    return self;
  }

  /** The API base, as an operator writes it in `assistant.model.url`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}/v1`;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404).end('not found');
        return;
      }
      const received: ChatRequest = { headers: request.headers, body: JSON.parse(text) as ChatRequest['body'] };
      this.requests.push(received);
      const reply = this.script(received, this.requests.length - 1);
      if ('hang' in reply) return; // never answers: the socket is destroyed on close
      if ('status' in reply) {
        response.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain' }).end(reply.body);
        return;
      }
      const message =
        'content' in reply
          ? { role: 'assistant', content: reply.content }
          : {
              role: 'assistant',
              content: null,
              tool_calls: reply.toolCalls.map((call, index) => ({
                id: `call_${this.requests.length}_${index}`,
                type: 'function',
                function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
              })),
            };
      const finish = 'content' in reply ? 'stop' : 'tool_calls';
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          model: received.body.model,
          choices: [{ index: 0, message, finish_reason: finish }],
        }),
      );
    });
  }
}

const servers: ChatCompletionsServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
