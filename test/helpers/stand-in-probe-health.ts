/**
 * DELETE AT THE MERGE (with its uses in test/e2e and bench/): a stand-in for monitoring's probe
 * scheduler so the end-to-end test and the benchmarks can run before the merge. It checks only
 * what they use — tcp and http probes, every `every` — and nothing else. After the merge, drop the
 * `probeHealth` option where this is passed and the real probes do the job.
 */
import net from 'node:net';
import type { ActiveWorkspace } from '../../src/core/config/active-workspace';
import { ProbeHealthDouble } from './probe-health-double';

type Check = () => Promise<string | null>;

function tcpCheck(address: string, timeoutMs: number): Check {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  return () =>
    new Promise((resolve) => {
      const socket = net.connect({ host, port });
      const done = (error: string | null): void => {
        socket.destroy();
        resolve(error);
      };
      socket.setTimeout(timeoutMs, () => done('timed out'));
      socket.once('connect', () => done(null));
      socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'connection refused' : error.message));
    });
}

function httpCheck(url: string, timeoutMs: number): Check {
  return async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer();
      return response.status < 400 ? null : `HTTP ${response.status}`;
    } catch (error) {
      return ((error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message).replace('ECONNREFUSED', 'connection refused');
    }
  };
}

export class StandInProbeHealth extends ProbeHealthDouble {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private workspace: () => ActiveWorkspace | null = () => null;

  /** The engine's workspace, whose probes are read at each check. */
  bind(workspace: () => ActiveWorkspace): void {
    this.workspace = workspace;
  }

  override setActive(service: string, active: boolean): void {
    clearTimeout(this.timers.get(service));
    this.timers.delete(service);
    this.active.set(service, active);
    if (!active) {
      this.set(service, 'unknown', null);
      return;
    }
    const run = async (): Promise<void> => {
      const probes = this.workspace()?.config.services[service]?.probes ?? [];
      // While not up, a probe is retried at retry_every (when set), as monitoring does.
      const interval = (probe: (typeof probes)[number]): number => (this.get(service) !== 'up' && probe.retry_every !== undefined ? probe.retry_every : probe.every);
      const checks = probes.flatMap((probe): { check: Check; every: number }[] => {
        if (typeof probe.tcp === 'string') return [{ check: tcpCheck(probe.tcp, probe.timeout), every: interval(probe) }];
        if (typeof probe.http === 'string') return [{ check: httpCheck(probe.http, probe.timeout), every: interval(probe) }];
        return [];
      });
      if (checks.length === 0) return;
      if (this.get(service) === 'unknown') this.set(service, 'pending', 'first check pending');
      const failures = (await Promise.all(checks.map((entry) => entry.check()))).filter((reason) => reason !== null);
      if (!this.timers.has(service)) return;
      if (failures.length === 0) this.set(service, 'up', null);
      else this.set(service, this.get(service) === 'pending' ? 'pending' : 'down', failures[0]);
      this.timers.set(service, setTimeout(() => void run(), Math.min(...checks.map((entry) => entry.every))));
    };
    this.timers.set(service, setTimeout(() => void run(), 0));
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
