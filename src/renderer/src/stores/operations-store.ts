import { create } from 'zustand';
import type { OperationAction, OperationProgress, OperationResult, ProgressStep, ServiceOutcome } from '../../../shared/types/operate';

const finalStep: Record<ServiceOutcome, ProgressStep> = {
  ready: 'ready',
  already_running: 'ready',
  stopped: 'stopped',
  already_stopped: 'stopped',
  failed: 'failed',
  blocked: 'blocked',
  skipped: 'skipped',
};

export interface OperationView {
  id: string;
  action: OperationAction;
  startedAt: number;
  /** The latest step of each service, in the order they were first seen (dependency order). */
  steps: OperationProgress[];
  result: OperationResult | null;
}

interface OperationsState {
  operations: Record<string, OperationView>;
  /** The operation the Services page shows; null once dismissed. */
  shown: string | null;
}

const KEEP = 20;

export const useOperationsStore = create<OperationsState>()(() => ({ operations: {}, shown: null }));

export function applyProgress(progress: OperationProgress): void {
  useOperationsStore.setState((state) => {
    const known = state.operations[progress.operation];
    const existing = known ?? { id: progress.operation, action: progress.action, startedAt: progress.at, steps: [], result: null };
    const index = existing.steps.findIndex((step) => step.service === progress.service);
    const steps = index === -1 ? [...existing.steps, progress] : existing.steps.map((step, i) => (i === index ? progress : step));
    // A new operation (from this console or anywhere else) is the one shown.
    return {
      operations: trim({ ...state.operations, [progress.operation]: { ...existing, steps } }),
      shown: known === undefined ? progress.operation : state.shown,
    };
  });
}

export function applyFinished(result: OperationResult): void {
  useOperationsStore.setState((state) => {
    const existing = state.operations[result.id] ?? { id: result.id, action: result.action, startedAt: result.startedAt, steps: [], result: null };
    // Seen from the middle (the page opened late): the result fills in what the events did not show.
    const last = new Map(result.services.map((step) => [step.service, step]));
    const steps = [...last.values()].map(
      (step) =>
        existing.steps.find((seen) => seen.service === step.service && (seen.step === finalStep[step.outcome] || step.outcome.startsWith('already'))) ?? {
          operation: result.id,
          action: result.action,
          service: step.service,
          step: finalStep[step.outcome],
          message: step.message,
          at: result.startedAt + result.durationMs,
          level: step.level,
        },
    );
    return { operations: trim({ ...state.operations, [result.id]: { ...existing, action: result.action, steps, result } }) };
  });
}

export function dismissOperation(): void {
  useOperationsStore.setState({ shown: null });
}

function trim(operations: Record<string, OperationView>): Record<string, OperationView> {
  const entries = Object.values(operations).sort((a, b) => b.startedAt - a.startedAt);
  return Object.fromEntries(entries.slice(0, KEEP).map((operation) => [operation.id, operation]));
}
