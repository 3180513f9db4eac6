import { describe, expect, it } from 'vitest';
import type { SocketState } from '../../src/renderer/src/bridge/connection';
import { EventSocket } from '../../src/renderer/src/bridge/event-socket';
import { reconnectDelay } from '../../src/renderer/src/bridge/reconnect-delay';
import { FakeSocket, ManualTimers } from './fake-socket';

function setup() {
  const sockets: FakeSocket[] = [];
  const timers = new ManualTimers();
  const states: SocketState[] = [];
  let resyncs = 0;
  const events = new EventSocket({
    url: 'ws://127.0.0.1:7070/api/v1/events',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    timers,
    onStateChange: (state) => states.push(state),
    onResync: () => {
      resyncs += 1;
    },
  });
  return { events, sockets, timers, states, resyncs: () => resyncs, last: () => sockets[sockets.length - 1] as FakeSocket };
}

describe('reconnectDelay', () => {
  it('starts at 0.5 s, doubles, and stops at 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(reconnectDelay)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });
});

describe('EventSocket', () => {
  it('opens on the first subscription and subscribes every name once open', () => {
    const { events, sockets, last, states } = setup();
    const got: unknown[] = [];
    events.subscribe('services.changed', (payload) => got.push(payload));
    events.subscribe('health.changed', () => undefined);
    expect(sockets).toHaveLength(1);
    last().open();
    expect(last().sent).toEqual([{ type: 'subscribe', names: ['services.changed', 'health.changed'] }]);
    expect(states).toEqual(['connected']);
    last().push({ type: 'event', name: 'services.changed', payload: [1] });
    last().push({ type: 'event', name: 'workspace.changed', payload: 'not subscribed' });
    expect(got).toEqual([[1]]);
  });

  it('tells the server when the first listener of a name arrives and the last leaves', () => {
    const { events, last } = setup();
    const stopFirst = events.subscribe('health.changed', () => undefined);
    last().open();
    last().sent.length = 0;
    const stopSecond = events.subscribe('health.changed', () => undefined);
    const stopOther = events.subscribe('settings.changed', () => undefined);
    expect(last().sent).toEqual([{ type: 'subscribe', names: ['settings.changed'] }]);
    stopFirst();
    expect(last().sent).toHaveLength(1);
    stopSecond();
    stopOther();
    stopOther();
    expect(last().sent).toEqual([
      { type: 'subscribe', names: ['settings.changed'] },
      { type: 'unsubscribe', names: ['health.changed'] },
      { type: 'unsubscribe', names: ['settings.changed'] },
    ]);
  });

  it('reconnects with back-off, re-subscribes everything and asks for a resync', () => {
    const { events, sockets, timers, states, resyncs, last } = setup();
    events.subscribe('workspace.changed', () => undefined);
    last().open();
    last().drop();
    expect(states).toEqual(['connected', 'reconnecting']);
    expect(timers.delays).toEqual([500]);
    timers.fireAll();
    expect(sockets).toHaveLength(2);
    last().drop();
    timers.fireAll();
    last().drop();
    expect(timers.delays).toEqual([500, 1_000, 2_000]);
    timers.fireAll();
    last().open();
    expect(last().sent).toEqual([{ type: 'subscribe', names: ['workspace.changed'] }]);
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    expect(resyncs()).toBe(1);
    last().drop();
    expect(timers.delays.at(-1)).toBe(500);
  });

  it('stops retrying while paused and reconnects at once on resume', () => {
    const { events, sockets, timers, last } = setup();
    events.subscribe('health.changed', () => undefined);
    events.pause();
    last().drop();
    expect(timers.count).toBe(0);
    events.resume();
    expect(sockets).toHaveLength(2);
  });

  it('passes server errors on and ignores garbage', () => {
    const errors: string[] = [];
    const socket = new FakeSocket('x');
    const events = new EventSocket({
      url: 'x',
      createSocket: () => socket,
      timers: new ManualTimers(),
      onStateChange: () => undefined,
      onServerError: (message) => errors.push(message),
    });
    events.subscribe('health.changed', () => undefined);
    socket.open();
    socket.push({ type: 'error', message: 'unknown event: nope' });
    socket.onmessage?.call(socket as unknown as WebSocket, { data: '{not json' } as MessageEvent);
    expect(errors).toEqual(['unknown event: nope']);
  });
});
