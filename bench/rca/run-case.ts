import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AlertView } from '../../src/shared/types/alerts';
import { setFault } from '../../test/fixtures/rca/fault-control';
import { createRcaWorkspace, defaultTopology } from '../../test/fixtures/rca/rca-workspace';
import { startTraffic } from '../../test/fixtures/rca/traffic';
import { serve, sleep, stop, tokenOf } from '../serve-process';
import { AlertLog } from './alert-log';
import { downstreamBaseline, firstAlertBaseline, robustDeviationBaseline } from './baselines';
import type { RcaCase } from './cases';
import { ConsoleApi } from './console-api';
import { culpritKey, culpritsOf, type Culprit, type GroundTruth } from './culprits';
import { incidentOfFault, readIncidents, type RankedCause } from './engine-ranking';
import { RankingWatch } from './ranking-watch';

export interface RunOptions {
  /** Normal traffic before the fault: the baseline window of every method. */
  warmupMs: number;
  /** How long after the onset to wait for a first alert (or an incident) that starts the stability clock. */
  timeoutMs: number;
  /** Polls (1 s apart) with the same top three, at the end, for a ranking to count as stable. */
  stablePolls: number;
  /** The longest a ranking may take from the first alert to its final top three; the watch runs `stablePolls` polls past it, then the ranking and the baselines are read. */
  settleMs: number;
  /** Requests a second into gateway and into worker. */
  trafficPerSecond: number;
  /** Reads what --verbose prints of the injected service's rank and the services' CPU. */
  diagnose?: boolean;
}

export interface CaseResult {
  rcaCase: RcaCase;
  /** The case's ground truth, with the workspace version a change saved. */
  truth: GroundTruth;
  engine:
    | {
        available: true;
        culprits: Culprit[];
        stableAfterMs: number | null;
        stable: boolean;
        /** What `stableAfterMs` counts from: the first alert, or, when none fired, the incident's opening (not before the onset). */
        stableFrom: 'first alert' | 'incident opening';
      }
    | { available: false; reason: string };
  baselines: { firstAlert: string[]; downstream: string[]; robust: string[] };
  /** From the onset to the first alert that fired after it (null: none fired). */
  firstAlertAfterMs: number | null;
  /** The alerts that fired, as "alertname service +seconds after onset", for --verbose. */
  alertTimeline: string[];
  /** When the incident read began, then the engine's first three causes with their evidence sentences, for --verbose (why it ranked where it did). */
  topEvidence: string[];
  /** For --verbose: where the injected service ranked and why, and every service's CPU samples around the onset (what the ranking compared). */
  diagnosis: string[];
}

const POLL_MS = 1_000;

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

function firstFiredAfter(alerts: AlertView[], onsetMs: number): number | null {
  const times = alerts.map((alert) => alert.firedAt).filter((time): time is number => time !== null && time >= onsetMs);
  return times.length === 0 ? null : Math.min(...times);
}

/** One case on its own `zervigo serve`, data folder and services: nothing carries over between cases. */
export async function runCase(rcaCase: RcaCase, options: RunOptions): Promise<CaseResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-rca-'));
  const topology = defaultTopology.map((entry) => ({
    ...entry,
    workMs: rcaCase.workMs?.[entry.name] ?? entry.workMs,
    cpus: rcaCase.cpus?.[entry.name] ?? entry.cpus,
  }));
  const workspace = await createRcaWorkspace(dir, topology);
  const dataDir = path.join(dir, 'zervigo-data');
  const token = tokenOf(dataDir);
  const zervigo = await serve(dataDir, workspace.file);
  const api = new ConsoleApi(zervigo.url, token);
  const traffic = startTraffic([
    { port: workspace.ports.gateway as number, perSecond: options.trafficPerSecond },
    { port: workspace.ports.worker as number, perSecond: options.trafficPerSecond },
  ]);
  try {
    await api.startAll();
    await until(async () => (await api.services()).every((service) => service.status === 'up'), 120_000, 'every service to be up');
    const fromMs = Date.now();
    await sleep(options.warmupMs);
    if (rcaCase.before !== undefined) {
      const before = rcaCase.before;
      setFault(workspace.controlFile(before.service), before.fault);
      await until(
        async () =>
          (await api.alerts()).some((alert) => alert.state === 'firing' && alert.alertname === before.alertname && alert.labels.service === before.service),
        60_000,
        `the unrelated ${before.alertname} on ${before.service} to fire`,
      );
    }
    const onsetMs = Date.now();
    const injected = await rcaCase.inject({ workspace, api });
    const truth = { ...rcaCase.truth, versionId: injected?.versionId };

    // Watched until `settleMs` after the first alert and `stablePolls` polls more (or the timeout):
    // the ranking scored is the last one, read at the same moment as the baselines.
    const watch = new RankingWatch(onsetMs, { ...options, pollMs: POLL_MS });
    const alertLog = new AlertLog();
    let engine: CaseResult['engine'] = { available: false, reason: 'not read' };
    let firstAlertMs: number | null = null;
    let topEvidence: string[] = [];
    let lastCauses: RankedCause[] = [];
    for (;;) {
      await sleep(POLL_MS);
      const now = Date.now();
      firstAlertMs = firstFiredAfter(alertLog.record(await api.alerts()), onsetMs);
      const read = await readIncidents(api);
      if (!read.available) {
        engine = read;
        if (watch.done(now)) break;
        continue;
      }
      const incident = incidentOfFault(read.incidents, onsetMs);
      const causes = incident?.causes ?? [];
      lastCauses = causes;
      const opened =
        incident === undefined
          ? 'no incident open at or after the onset'
          : `incident ${String(incident.id)} from ${incident.startMs === null ? '?' : ((incident.startMs - onsetMs) / 1000).toFixed(1)} s after the onset`;
      topEvidence = [
        opened,
        ...causes
          .slice(0, 3)
          .map(
            (cause) =>
              `${cause.kind} ${cause.target} ${cause.score}: ${cause.evidence.map((line) => (typeof line === 'object' && line !== null && 'text' in line ? String(line.text) : '')).join(' / ')}`,
          ),
      ];
      const culprits = culpritsOf(
        causes,
        workspace.topology.map((entry) => entry.name),
      );
      // The issue counts from the first alert; a fault that fires none reaches the operator as the
      // incident an anomaly opened, so the clock starts there (at the onset if it was already open).
      const openedMs = incident?.startMs === undefined || incident.startMs === null ? null : Math.max(onsetMs, incident.startMs);
      watch.observe(now, culprits.slice(0, 3).map(culpritKey).join(' | '), firstAlertMs ?? openedMs);
      const stableAfterMs = watch.stableAfterMs();
      engine = {
        available: true,
        culprits,
        stable: stableAfterMs !== null,
        stableAfterMs,
        stableFrom: firstAlertMs === null ? 'incident opening' : 'first alert',
      };
      if (watch.done(now)) break;
    }

    const decisionMs = Date.now();
    const alerts = alertLog.record(await api.alerts());
    const services = workspace.topology.map((entry) => entry.name);
    return {
      rcaCase,
      truth,
      engine,
      baselines: {
        firstAlert: firstAlertBaseline(alerts, onsetMs, decisionMs),
        downstream: downstreamBaseline(alerts, workspace.topology, onsetMs, decisionMs),
        robust: await robustDeviationBaseline(api, services, fromMs, onsetMs, decisionMs),
      },
      firstAlertAfterMs: firstAlertMs === null ? null : firstAlertMs - onsetMs,
      alertTimeline: alerts
        .filter((alert) => alert.firedAt !== null)
        .sort((a, b) => (a.firedAt as number) - (b.firedAt as number))
        .map((alert) => `${alert.alertname} ${alert.labels.service ?? '(no service)'} ${(((alert.firedAt as number) - onsetMs) / 1000).toFixed(1)} s`),
      topEvidence,
      diagnosis:
        options.diagnose === true
          ? [
              `top three from the onset: ${watch.orders.join('; ')}`,
              ...(await diagnosisOf(api, lastCauses, truth.service, services, onsetMs, fromMs, decisionMs)),
            ]
          : [],
    };
  } finally {
    await traffic.stop();
    await stop(zervigo.child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The injected service's place and evidence, and each service's CPU samples (seconds from the onset: value), for --verbose. */
async function diagnosisOf(
  api: ConsoleApi,
  causes: RankedCause[],
  truth: string,
  services: string[],
  onsetMs: number,
  fromMs: number,
  decisionMs: number,
): Promise<string[]> {
  const lines: string[] = [];
  const place = causes.findIndex((cause) => cause.kind === 'service' && cause.target === truth);
  const cause = causes[place];
  lines.push(
    cause === undefined
      ? `${truth} is not among the causes`
      : `${truth} is cause #${place + 1} (${cause.score}): ${cause.evidence.map((line) => (typeof line === 'object' && line !== null && 'text' in line ? String(line.text) : '')).join(' / ')}`,
  );
  lines.push(`causes: ${causes.map((entry) => `${entry.kind}:${entry.service ?? entry.target} ${entry.score}`).join(', ')}`);
  // When each service moved, and by which series: what the onset order and the timing links were read from.
  for (const entry of causes.filter((candidate) => candidate.kind === 'service' && candidate.target !== truth)) {
    const moved = entry.evidence
      .filter((line): line is { kind: string; text: string } => typeof line === 'object' && line !== null && 'kind' in line && 'text' in line)
      .filter((line) => line.kind === 'onset' || line.kind === 'deviation')
      .map((line) => line.text);
    lines.push(`${entry.target} (${entry.score}): ${moved.join(' / ') || 'no series moved'}`);
  }
  for (const service of services) {
    const series = await api.range(`process_cpu_usage_percent{service="${service}"}`, fromMs - 30_000, decisionMs, 2);
    const points = (series[0]?.values ?? []).map(([time, value]) => `${Math.round(time - onsetMs / 1000)}:${Math.round(value)}`);
    lines.push(`cpu ${service}: ${points.join(' ')}`);
  }
  return lines;
}
