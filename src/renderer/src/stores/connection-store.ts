import { create } from 'zustand';
import type { ConnectionStatus } from '../bridge/connection';

interface ConnectionState {
  kind: 'ipc' | 'web';
  status: ConnectionStatus;
}

export const useConnectionStore = create<ConnectionState>()(() => ({
  kind: 'web',
  status: { socket: 'connecting', signedOut: false },
}));

export function setConnection(kind: 'ipc' | 'web', status: ConnectionStatus): void {
  useConnectionStore.setState({ kind, status });
}
