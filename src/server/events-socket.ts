import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { EVENTS_PATH, type WsClientMessage, type WsServerMessage } from '../shared/wire';
import type { ServerBackend } from './backend';

/** A client this far behind is not reading; it is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** WS /api/v1/events: each client receives only the events it subscribed to. */
export function registerEventSocket(app: FastifyInstance, backend: ServerBackend): void {
  app.get(EVENTS_PATH, { websocket: true }, (socket: WebSocket) => {
    const subscribed = new Set<string>();
    const send = (message: WsServerMessage): void => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.close(1013, 'not reading events fast enough');
        return;
      }
      socket.send(JSON.stringify(message));
    };
    const stop = backend.onEvent((name, payload) => {
      if (subscribed.has(name)) send({ type: 'event', name, payload });
    });
    socket.on('message', (data: Buffer, isBinary) => {
      const message = parseMessage(isBinary ? null : data.toString('utf8'));
      if (message === null) {
        send({ type: 'error', message: 'expected {"type":"subscribe"|"unsubscribe","names":[...]}' });
        return;
      }
      const unknown = message.names.filter((name) => !backend.isEventName(name));
      if (unknown.length > 0) send({ type: 'error', message: `unknown event${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` });
      for (const name of message.names) {
        if (!backend.isEventName(name)) continue;
        if (message.type === 'subscribe') subscribed.add(name);
        else subscribed.delete(name);
      }
    });
    socket.on('close', stop);
    socket.on('error', stop);
  });
}

function parseMessage(text: string | null): WsClientMessage | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<WsClientMessage>;
    if ((value.type === 'subscribe' || value.type === 'unsubscribe') && Array.isArray(value.names) && value.names.every((name) => typeof name === 'string')) {
      return { type: value.type, names: value.names };
    }
  } catch {
    // falls through to the error reply
  }
  return null;
}
