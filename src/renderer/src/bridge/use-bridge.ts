import { createContext, useContext } from 'react';
import type { RendererBridge } from './renderer-bridge';

export const BridgeContext = createContext<RendererBridge | null>(null);

/** The Bridge for commands a page sends itself (save, switch environment...). */
export function useBridge(): RendererBridge {
  const bridge = useContext(BridgeContext);
  if (bridge === null) throw new Error('useBridge() outside <BridgeContext>');
  return bridge;
}
