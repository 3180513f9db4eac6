import type { CallContext, HandlersOf } from '../../shared/contract/define';
import type { Permission } from '../../shared/auth/permissions';
import type { monitoringCommands } from '../../shared/contract/monitoring';
import { toErrorBody, ZervigoError } from '../../shared/errors';
import type { ChartData, MatrixResult, ProbeState, QueryBatchAnswer, ServiceMonitoring } from '../../shared/types/monitoring';
import type { Clock } from '../clock';
import { compactMatrix } from '../query/compact-matrix';
import { formatExposition } from '../query/exposition';
import { queryMetrics } from '../query/metrics-query';
import { chartRange, rangeOf } from '../query/range-query';
import { listSeries } from '../query/series-listing';
import { completePromql } from '../query/promql-completion';
import { evaluateInstant } from '../promql/query';
import type { SeriesStore } from '../store/series-store';
import { availabilityOf } from './availability';
import type { MonitoringModule } from './monitoring-module';

const SPARKLINE_MS = 3_600_000;
/** Probe kinds whose check runs something on this machine. */
const SHELL_KINDS = new Set(['command', 'tmux']);
const SPARKLINE_POINTS = 60;

/** History from elsewhere (remote_read stores) where the local store's ends; the engine wires the fleet's. */
export interface HistoryExtension {
  matrix(local: MatrixResult, query: string, startMs: number, endMs: number, stepMs: number): Promise<MatrixResult>;
  chart(local: ChartData, query: string): Promise<ChartData>;
}

export function monitoringHandlers(
  monitoring: MonitoringModule,
  store: SeriesStore,
  clock: Clock,
  history: HistoryExtension | undefined,
  /** Throws unless the caller has the permission (auth's check, wired by the engine). */
  requirePermission: (what: string, permission: Permission, context: CallContext) => void,
): HandlersOf<typeof monitoringCommands> {
  const known = (id: string): ProbeState => {
    const state = monitoring.get(id);
    if (state === undefined) throw new ZervigoError('not_found', `no probe "${id}"; probes.list names them`);
    return state;
  };
  const control = (id: string, action: (id: string) => boolean): ProbeState => {
    known(id);
    action(id);
    return known(id);
  };
  /** metrics.query: the local store, then the history elsewhere (remote_read) where it ends. */
  const rangeQuery = async (query: string, start: number | undefined, end: number | undefined, stepMs: number | undefined): Promise<MatrixResult> => {
    const now = clock.now();
    const params = { start, end, stepMs };
    const local = queryMetrics(store, query, params, now);
    if (history === undefined) return local;
    const range = rangeOf(params, now);
    return history.matrix(local, query, range.start, range.end, range.stepMs);
  };
  return {
    'metrics.query': async (input) => rangeQuery(input.query, input.start, input.end, input.step),
    'metrics.queryBatch': async ({ queries }) => {
      const answers: QueryBatchAnswer[] = [];
      // One after another, as the engine would answer separate requests; each failure stays its query's own.
      for (const one of queries) {
        try {
          if (one.kind === 'instant') answers.push({ ok: true, result: evaluateInstant(store, one.query, one.time ?? clock.now()) });
          else {
            const matrix = await rangeQuery(one.query, one.start, one.end, one.step);
            answers.push({ ok: true, result: one.digits === undefined ? matrix : compactMatrix(matrix, one.digits) });
          }
        } catch (error) {
          answers.push({ ok: false, error: toErrorBody(error) });
        }
      }
      return answers;
    },
    'metrics.instant': async (input) => evaluateInstant(store, input.query, input.time ?? clock.now()),
    'metrics.complete': async (input) => completePromql(store.index, input.query, input.position),
    'metrics.series': async (input) => listSeries(store, input.match, input.limit),
    'metrics.chart': async (input) => {
      const local = chartRange(store, input.query, input.start, input.end, input.maxPoints, clock.now());
      return history === undefined ? local : history.chart(local, input.query);
    },
    'metrics.exposition': async () => formatExposition(monitoring.latest.fresh(store.index, clock.now())),
    'probes.list': async () => monitoring.list(),
    'probes.pause': async ({ id }) => control(id, (probe) => monitoring.pause(probe)),
    'probes.resume': async ({ id }) => control(id, (probe) => monitoring.resume(probe)),
    'probes.check': async ({ id }) => control(id, (probe) => monitoring.checkNow(probe)),
    'probes.run_once': async ({ service, probe }, context) => {
      const parsed = monitoring.parseProbe(probe);
      // A command (or a look into a tmux pane) runs on this machine: a shell's permission, as exec actions need.
      if (SHELL_KINDS.has(parsed.kind)) requirePermission(`probes.run_once of a ${parsed.kind} probe`, 'shell', context);
      return monitoring.runOnce(service, parsed);
    },
    'probes.history': async ({ id, limit }) => monitoring.transitions.recent(id, limit),
    'monitoring.services': async () => serviceMonitoring(monitoring, store, clock.now()),
    'monitoring.heartbeats': async (input) => monitoring.heartbeats(input.services, input.limit),
    'machine.latest': async () => monitoring.latestMachine(),
  };
}

/** Per service: availability from the rollups of its probes' probe_success, and its primary probe's latency. */
export function serviceMonitoring(monitoring: MonitoringModule, store: SeriesStore, now: number): ServiceMonitoring[] {
  const byService = new Map<string, ProbeState[]>();
  for (const state of monitoring.list()) {
    const list = byService.get(state.service);
    if (list === undefined) byService.set(state.service, [state]);
    else list.push(state);
  }
  return [...byService].map(([name, states]) => {
    const success = states.map((state) => monitoring.probe(state.id)?.series.id('probe_success')).filter((id): id is number => id !== undefined);
    const primary = states[0] ?? null;
    const latency = { ts: [] as number[], values: [] as number[] };
    const durationId = primary === null ? undefined : monitoring.probe(primary.id)?.series.id('probe_duration_seconds');
    if (durationId !== undefined) {
      const points = store.reader.readDownsampled(durationId, now - SPARKLINE_MS, now, SPARKLINE_POINTS, now);
      latency.ts = points.ts;
      latency.values = points.avg.map((seconds) => seconds * 1000);
    }
    return {
      name,
      primaryProbe: primary?.id ?? null,
      availability: availabilityOf(store, success, now),
      latency,
      certificate: certificateOf(monitoring, store, name, now),
    };
  });
}

/** Before its first check in this process, a probe's certificate figure is looked for this far back in the store. */
const CERTIFICATE_LOOKBACK_MS = 3_600_000;

/** The soonest certificate expiry among a service's HTTPS probes, from probe_ssl_cert_days_left. */
function certificateOf(monitoring: MonitoringModule, store: SeriesStore, service: string, now: number): ServiceMonitoring['certificate'] {
  let soonest: ServiceMonitoring['certificate'] = null;
  for (const series of store.index.select('probe_ssl_cert_days_left', [{ name: 'service', type: '=', value: service }])) {
    const probe = series.labels.probe;
    if (probe === undefined || monitoring.get(`${service}/${probe}`) === undefined) continue;
    const daysLeft = monitoring.latest.get(series.id)?.value ?? store.reader.readRaw(series.id, now - CERTIFICATE_LOOKBACK_MS, now).values.at(-1);
    if (daysLeft !== undefined && (soonest === null || daysLeft < soonest.daysLeft)) soonest = { daysLeft, probe: `${service}/${probe}` };
  }
  return soonest;
}
