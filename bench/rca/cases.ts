import { freePort } from '../../test/helpers/free-port';
import { setFault, type FaultMode } from '../../test/fixtures/rca/fault-control';
import type { RcaWorkspace, ServiceOverride } from '../../test/fixtures/rca/rca-workspace';
import type { ConsoleApi } from './console-api';
import type { GroundTruth } from './culprits';

/**
 * The fault-injection cases: each basic fault kind in three different services, then the hard
 * cases where simple rules fail. Ground truth is what was injected: a service, or a change.
 */
export interface CaseContext {
  workspace: RcaWorkspace;
  api: ConsoleApi;
}

export interface RcaCase {
  id: string;
  kind: string;
  hard: boolean;
  truth: GroundTruth;
  /** A distractor set up (and alerting) before the fault: the unrelated alert already firing. */
  before?: { service: string; fault: FaultMode; alertname: string };
  /** Injects the fault; a change answers with the workspace version it saved. */
  inject: (context: CaseContext) => Promise<{ versionId: number } | void>;
  /** Services whose CPU per request differs from the topology's (a victim that feels contention). */
  workMs?: Record<string, number>;
  /** Services pinned to CPUs: a neighbour and its victim on one core. */
  cpus?: Record<string, string>;
}

const controlFault =
  (service: string, fault: FaultMode) =>
  async ({ workspace }: CaseContext): Promise<void> =>
    setFault(workspace.controlFile(service), fault);

/** A bad change, made as an operator would: the workspace edited through Zervigo, then the service restarted to apply it. */
const badChange =
  (service: string, override: (context: CaseContext) => Promise<ServiceOverride>) =>
  async (context: CaseContext): Promise<{ versionId: number }> => {
    const saved = await context.api.saveWorkspace(context.workspace.render({ [service]: await override(context) }));
    context.api.restart(service);
    return { versionId: saved.versionId };
  };

const basic = (kind: string, targets: string[], fault: FaultMode): RcaCase[] =>
  targets.map((service) => ({ id: `${kind}/${service}`, kind, hard: false, truth: { service, change: false }, inject: controlFault(service, fault) }));

export const rcaCases: RcaCase[] = [
  ...basic('crash-loop', ['db', 'cache', 'auth'], { mode: 'crash' }),
  ...basic('cpu-hog', ['api', 'queue', 'db'], { mode: 'cpu' }),
  ...basic('memory-leak', ['worker', 'auth', 'cache'], { mode: 'leak', mbPerSecond: 40, maxMb: 600 }),
  ...basic('latency', ['db', 'queue', 'api'], { mode: 'latency', ms: 600 }),
  ...basic('refused-connections', ['cache', 'auth', 'queue'], { mode: 'refuse' }),
  ...basic('error-log-burst', ['api', 'worker', 'db'], { mode: 'errors', perSecond: 40 }),
  ...basic('filling-disk', ['db', 'queue', 'store'], { mode: 'disk', mbPerSecond: 20, quotaMb: 64, maxMb: 160 }),
  {
    id: 'bad-change/db',
    kind: 'bad-change',
    hard: false,
    truth: { service: 'db', change: true },
    // PORT moved: the process runs, but where nothing (probes, callers) looks for it.
    inject: badChange('db', async () => ({ env: { PORT: String(await freePort()) } })),
  },
  {
    id: 'bad-change/auth',
    kind: 'bad-change',
    hard: false,
    truth: { service: 'auth', change: true },
    // A start command with a flag that needs a setting nobody gave: it exits at every start.
    inject: badChange('auth', async () => ({ args: ['--strict'] })),
  },
  {
    id: 'bad-change/api',
    kind: 'bad-change',
    hard: false,
    truth: { service: 'api', change: true },
    // A call timeout of 1 ms: every call to its dependencies fails.
    inject: badChange('api', async () => ({ env: { CALL_TIMEOUT_MS: '1' } })),
  },
  {
    // The hog and its victim share a core: the victim slows and alerts first; the hog answers fine.
    id: 'noisy-neighbour/queue->auth',
    kind: 'noisy-neighbour',
    hard: true,
    truth: { service: 'queue', change: false },
    workMs: { auth: 50 },
    cpus: { queue: '0', auth: '0' },
    inject: controlFault('queue', { mode: 'hog', threads: 4 }),
  },
  {
    id: 'noisy-neighbour/cache->auth',
    kind: 'noisy-neighbour',
    hard: true,
    truth: { service: 'cache', change: false },
    workMs: { auth: 50 },
    cpus: { cache: '1', auth: '1' },
    inject: controlFault('cache', { mode: 'hog', threads: 4 }),
  },
  {
    id: 'retry-storm/web->api',
    kind: 'retry-storm',
    hard: true,
    truth: { service: 'web', change: true },
    workMs: { api: 10 },
    // Every call sent 8 times at once, and retried: the caller gets its fastest copy, api does all the work.
    inject: badChange('web', async () => ({ env: { HEDGE: '8', RETRIES: '3' } })),
  },
  {
    id: 'retry-storm/gateway->auth',
    kind: 'retry-storm',
    hard: true,
    truth: { service: 'gateway', change: true },
    inject: badChange('gateway', async () => ({ env: { HEDGE: '8', RETRIES: '3' } })),
  },
  {
    id: 'unrelated-alert/queue-memory+db-latency',
    kind: 'unrelated-alert',
    hard: true,
    truth: { service: 'db', change: false },
    before: { service: 'queue', fault: { mode: 'leak', mbPerSecond: 40, maxMb: 300 }, alertname: 'MemoryHigh' },
    inject: controlFault('db', { mode: 'latency', ms: 600 }),
  },
  {
    id: 'unrelated-alert/gateway-errors+cache-refused',
    kind: 'unrelated-alert',
    hard: true,
    truth: { service: 'cache', change: false },
    before: { service: 'gateway', fault: { mode: 'errors', perSecond: 40 }, alertname: 'ErrorBurst' },
    inject: controlFault('cache', { mode: 'refuse' }),
  },
  // `store` is called by worker, which does not declare it: only traffic, logs and timing link them.
  ...(['refuse', 'latency', 'crash'] as const).map((mode): RcaCase => ({
    id: `undeclared-dependency/store-${mode}`,
    kind: 'undeclared-dependency',
    hard: true,
    truth: { service: 'store', change: false },
    inject: controlFault('store', mode === 'latency' ? { mode, ms: 600 } : { mode }),
  })),
];
