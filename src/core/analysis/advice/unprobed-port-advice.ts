import type { AdviceInsight } from '../../../shared/types/insights';
import type { ProbeConfig } from '../../config/schema';
import type { AdviceContext } from './advice-context';

/**
 * A running service that listens on a TCP port no probe of it checks: when it stops answering
 * there, nothing notices. The suggestion adds a tcp probe on the port (an http one is better
 * where the service speaks HTTP; the diff is there to edit before saving).
 */
export function unprobedPortAdvice(context: AdviceContext): AdviceInsight[] {
  const out: AdviceInsight[] = [];
  for (const [service, config] of Object.entries(context.config.services)) {
    const listening = context.listeningPorts(service);
    if (listening === null || listening.length === 0) continue;
    const probed = new Set(config.probes.flatMap(portsOf));
    const open = [...new Set(listening)].filter((port) => !probed.has(port)).sort((a, b) => a - b);
    if (open.length === 0) continue;
    const port = open[0] as number;
    const probe = { name: `port-${port}`, tcp: `127.0.0.1:${port}`, every: '10s' };
    out.push({
      kind: 'advice',
      id: `unprobed-port:${service}:${port}`,
      advice: 'unprobed-port',
      service,
      at: context.now,
      title: `${service} listens on port ${port} and no probe checks it`,
      summary: `${service} accepts connections on ${open.map((p) => `:${p}`).join(', ')}, and none of its ${config.probes.length} probe${config.probes.length === 1 ? '' : 's'} connects there: if it stops answering, nothing notices. Add a probe (tcp shown; use http if it serves HTTP).`,
      facts: [
        { name: 'port', value: port, unit: 'count', text: `listening on :${port}` },
        { name: 'unprobed_ports', value: open.length, unit: 'count', text: `${open.length} unprobed of ${listening.length} listening` },
        { name: 'probes', value: config.probes.length, unit: 'count', text: `${config.probes.length} probes` },
      ],
      charts: [],
      from: context.now,
      to: context.now,
      apply: { change: `add probe tcp 127.0.0.1:${port} every 10s`, edits: [{ path: ['services', service, 'probes', config.probes.length], value: probe }] },
    });
  }
  return out;
}

/** The ports a probe connects to: its URL's or address's port (80/443 by default for http/https). */
function portsOf(probe: ProbeConfig): number[] {
  const out: number[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const port = portIn(value);
      if (port !== null) out.push(port);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit([probe.http, probe.tcp, probe.prometheus, probe.plugin?.options]);
  return out;
}

function portIn(text: string): number | null {
  const url = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d+))?/i.exec(text);
  if (url !== null) {
    if (url[3] !== undefined) return Number(url[3]);
    const scheme = (url[1] as string).toLowerCase();
    return scheme === 'https' ? 443 : scheme === 'http' ? 80 : null;
  }
  const address = /^(?:\[[^\]]*\]|[^\s:/]+):(\d+)$/.exec(text.trim());
  return address === null ? null : Number(address[1]);
}
