import type { SocketLike, TimerApi } from '../../src/renderer/src/bridge/event-socket';

/** A WebSocket stand-in that records what was sent and lets the test open, close and push. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  readonly sent: unknown[] = [];

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.call(this as unknown as WebSocket, new Event('open'));
  }

  drop(): void {
    this.readyState = 3;
    this.onclose?.call(this as unknown as WebSocket, new Event('close') as CloseEvent);
  }

  push(message: unknown): void {
    this.onmessage?.call(this as unknown as WebSocket, { data: JSON.stringify(message) } as MessageEvent);
  }
}

/** Timers the test fires by hand, recording each delay. */
export class ManualTimers implements TimerApi {
  readonly delays: number[] = [];
  private pending: { callback: () => void; handle: number }[] = [];
  private next = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    this.delays.push(ms);
    const handle = this.next++;
    this.pending.push({ callback, handle });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((entry) => entry.handle !== handle);
  }

  get count(): number {
    return this.pending.length;
  }

  fireAll(): void {
    const due = this.pending;
    this.pending = [];
    for (const entry of due) entry.callback();
  }
}
