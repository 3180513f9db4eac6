import type { ServiceRuntime } from '../../../src/shared/types/operate';
import type { ServiceView } from '../../../src/shared/types/service';

/** A service as the engine lists it; tests override what they are about. */
export function serviceView(overrides: Partial<ServiceView> & { name: string }): ServiceView {
  return {
    description: null,
    status: 'unknown',
    reason: null,
    dependsOn: [],
    waitingFor: [],
    runner: 'process',
    probes: [],
    runtime: null,
    pendingRestart: null,
    ...overrides,
  };
}

export function runtime(overrides: Partial<ServiceRuntime> = {}): ServiceRuntime {
  return {
    phase: 'running',
    pid: 4242,
    startedAt: Date.now() - 65_000,
    restarts: 0,
    failures: 0,
    nextRestartAt: null,
    lastExit: null,
    adopted: false,
    cpuPercent: 1.5,
    memoryBytes: 48 * 1024 * 1024,
    tmuxTarget: null,
    logFile: '/data/services/api.log',
    ...overrides,
  };
}
