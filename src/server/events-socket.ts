import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { createEventGate, WITHHELD } from '../core/auth/event-access';
import { every, type Clock } from '../core/clock';
import type { Principal } from '../shared/auth/principal';
import { EVENTS_PATH, type WsClientMessage, type WsServerMessage } from '../shared/wire';
import type { Credential } from './auth/request-principal';
import { backendOf, type HostedBackends } from './hosted-backends';

/** A client this far behind is not reading; it is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** How often an open stream checks that its session has not expired meanwhile. */
const RECHECK_EVERY_MS = 60_000;
/** The close code a client reads as "signed out: show the sign-in screen". */
export const SIGNED_OUT_CLOSE_CODE = 4401;

/**
 * WS /api/v1/events (or /w/<name>/api/v1/events): each client receives one workspace's events,
 * and of those receives only the events it subscribed to and its principal may
 * see (terminal output needs shell; payloads are masked for those who may not see secrets). When
 * its credential stops working (sign-out, revoked token, removed person, expired session) the
 * stream is closed; when its role changes, what it receives changes with it.
 */
export function registerEventSocket(app: FastifyInstance, hosted: HostedBackends, clock: Clock): void {
  const gate = createEventGate(hosted.first.events);
  app.get(EVENTS_PATH, { websocket: true }, (socket: WebSocket, request: FastifyRequest) => {
    // Each stream carries one workspace's events: the one its request was let into.
    const backend = backendOf(hosted, request);
    let principal = request.principal as Principal;
    const workspace = principal.workspace;
    const credential = request.credential as Credential;
    const subscribed = new Set<string>();
    const send = (message: WsServerMessage): void => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.close(1013, 'not reading events fast enough');
        return;
      }
      socket.send(JSON.stringify(message));
    };
    const recheck = (): void => {
      const resolved =
        credential.kind === 'bearer' ? backend.auth.resolveBearer(credential.token, workspace) : backend.auth.resolveSession(credential.id, workspace);
      if (resolved.ok) principal = resolved.principal;
      else socket.close(SIGNED_OUT_CLOSE_CODE, resolved.message.slice(0, 120));
    };
    const stopEvents = backend.onEvent((name, payload) => {
      if (!subscribed.has(name)) return;
      const allowed = gate(principal, name, payload);
      if (allowed !== WITHHELD) send({ type: 'event', name, payload: allowed });
    });
    const stopWatching = backend.auth.onChange(recheck);
    const timer = every(clock, RECHECK_EVERY_MS, recheck);
    const stop = (): void => {
      stopEvents();
      stopWatching();
      timer.cancel();
    };
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
