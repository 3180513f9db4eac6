import type { AssistantCommand, AssistantOption } from '../../../../shared/contract/assistant-plan';
import type { Clause } from '../clause';
import { clauseWindow, spanInput } from '../time/window-input';
import { none, type ClausePlan, type IntentDefinition, type PlanContext } from './intent';

type MetricKind = 'cpu' | 'memory' | 'latency' | 'availability' | 'disk' | 'load' | 'error-rate' | 'network';

/** A service's series (the probes and the process probe write them), and the machine's. */
const serviceSeries: Record<MetricKind, ((selector: string) => string) | null> = {
  cpu: (selector) => `process_cpu_usage_percent${selector}`,
  memory: (selector) => `process_resident_memory_bytes${selector}`,
  latency: (selector) => `probe_duration_seconds${selector}`,
  availability: (selector) => `probe_success${selector}`,
  'error-rate': (selector) => `rate(log_lines_total${selector.replace(/}$/, ',level="error"}')}[5m])`,
  disk: null,
  load: null,
  network: null,
};
const machineSeries: Record<MetricKind, string> = {
  cpu: 'system_cpu_usage_percent',
  memory: 'system_memory_usage_percent',
  latency: 'probe_duration_seconds',
  availability: 'probe_success',
  'error-rate': 'rate(log_lines_total{level="error"}[5m])',
  disk: 'system_disk_used_percent',
  load: 'system_load1',
  network: '{__name__=~"system_network_(receive|transmit)_bytes_per_second"}',
};
/** What "show api metrics" offers when it does not say which. */
const OFFERED: readonly MetricKind[] = ['cpu', 'memory', 'latency', 'availability'];

function selectorOf(services: string[]): string {
  if (services.length === 0) return '';
  return services.length === 1 ? `{service="${services[0] as string}"}` : `{service=~"${services.join('|')}"}`;
}

/** No services: the machine's series; "all services": every service's series. */
function queryOf(kind: MetricKind, services: string[] | 'all'): string {
  const forService = serviceSeries[kind];
  if (forService === null || (services !== 'all' && services.length === 0)) return machineSeries[kind];
  return forService(services === 'all' ? '' : selectorOf(services));
}

function metricCommand(kind: MetricKind, services: string[] | 'all', clause: Clause, context: PlanContext): AssistantCommand {
  return { command: 'metrics.query', input: { query: queryOf(kind, services), ...spanInput(clauseWindow(clause, true), context.clock) } };
}

/** "cpu of api over the last 6 hours", "db 最近六小时的内存", "disk usage": metrics.query over a range. */
export const showMetricIntent: IntentDefinition = {
  name: 'metric',
  triggers: [],
  score(clause) {
    if (clause.allWithPrefix('metric:').length > 0) return 7;
    return clause.has('metric-noun') ? 6 : 0;
  },
  plan(clause, context): ClausePlan {
    const targets = clause.serviceTargets();
    const kind = clause.firstWithPrefix('metric:')?.slice('metric:'.length) as MetricKind | undefined;
    const unknown = targets.unknown[0];
    if (unknown !== undefined && targets.names.length === 0) {
      if (unknown.suggestions.length === 0) return none(`There is no service "${unknown.text}" in this workspace.`);
      return {
        kind: 'question',
        question: `There is no service "${unknown.text}". Did you mean ${unknown.suggestions.join(' or ')}?`,
        options: unknown.suggestions.map((name) => ({
          label: `${kind ?? 'cpu'} of ${name}`,
          commands: [metricCommand(kind ?? 'cpu', [name], clause, context)],
        })),
      };
    }
    const named = clause.has('machine')
      ? []
      : targets.names.length > 0
        ? targets.names
        : targets.pronoun || (context.follows && !targets.all)
          ? context.previousServices
          : [];
    const services = targets.all && named.length === 0 && clause.has('service-noun') ? 'all' : named;
    if (kind === undefined) {
      const options: AssistantOption[] = OFFERED.map((offered) => ({
        label: `${offered} of ${services === 'all' ? 'every service' : services.length === 0 ? 'the machine' : services.join(', ')}`,
        commands: [metricCommand(offered, services, clause, context)],
      }));
      return { kind: 'question', question: 'Which metric?', options, services: named };
    }
    // "cpu and memory of api": Explore charts one query at a time, so each is offered (and the page that has them all).
    const kinds = [...new Set(clause.allWithPrefix('metric:').map((concept) => concept.slice('metric:'.length) as MetricKind))];
    if (kinds.length > 1) {
      const subject = services === 'all' ? 'every service' : services.length === 0 ? 'the machine' : services.join(', ');
      const options: AssistantOption[] = kinds.map((each) => ({ label: `${each} of ${subject}`, commands: [metricCommand(each, services, clause, context)] }));
      if (services !== 'all' && services.length === 1)
        options.push({
          label: `${services[0] as string}'s page (its charts together)`,
          commands: [{ command: 'services.get', input: { service: services[0] as string } }],
        });
      return { kind: 'question', question: `A chart shows one of ${kinds.join(' and ')} at a time. Which?`, options, services: named };
    }
    return { kind: 'commands', commands: [metricCommand(kind, services, clause, context)], services: named };
  },
};
