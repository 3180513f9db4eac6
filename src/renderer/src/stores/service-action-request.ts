import { create } from 'zustand';
import type { OperationAction } from '../../../shared/types/operate';

/**
 * An action asked for outside the Services page (the command palette): the page picks it up,
 * asks for confirmation where the environment wants it, and runs it.
 */
export interface ServiceActionRequest {
  action: OperationAction | 'reset';
  services: string[];
  at: number;
}

interface RequestState {
  request: ServiceActionRequest | null;
}

export const useServiceActionRequest = create<RequestState>()(() => ({ request: null }));

export function requestServiceAction(action: ServiceActionRequest['action'], services: string[]): void {
  useServiceActionRequest.setState({ request: { action, services, at: Date.now() } });
}

export function takeServiceActionRequest(): ServiceActionRequest | null {
  const { request } = useServiceActionRequest.getState();
  if (request !== null) useServiceActionRequest.setState({ request: null });
  return request;
}
