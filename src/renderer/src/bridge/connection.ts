/**
 * The state of the link to the engine, for the header. The desktop's IPC is always there
 * ('local'); the browser's WebSocket can drop and come back.
 */
export type SocketState = 'local' | 'connecting' | 'connected' | 'reconnecting';

export interface ConnectionStatus {
  socket: SocketState;
  /** The server refused a request for want of a session: show the sign-in screen. */
  signedOut: boolean;
}

export interface ConnectionMonitor {
  current(): ConnectionStatus;
  /** Called on every change of the status; returns the unsubscribe function. */
  onChange(listener: (status: ConnectionStatus) => void): () => void;
  /** Called when the link came back after a drop: events may have been missed, so fetch state again. */
  onResync(listener: () => void): () => void;
}
